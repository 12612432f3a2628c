package com.anycompany.scoring.batch;

import java.util.List;

/**
 * What scoring one shard did, written to {@code _results/shard-NNNNN.json} after its part and quarantine files:
 * {@code rows = scored + quarantined}. {@code fallbackClients} are the clients whose rows were scored by the global
 * model because they have no model of their own.
 */
public record ShardResult(int index, String sourceKey, long plannedRows, long rows, long scored, long quarantined,
        long clientModelRows, long globalModelRows, List<String> fallbackClients, int clients, long cacheHits,
        long cacheMisses, String partKey, String quarantineKey, ScoreStats scores, long readMillis,
        long scoreMillis, long writeMillis, long totalMillis) {
}
