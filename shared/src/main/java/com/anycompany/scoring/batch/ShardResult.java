package com.anycompany.scoring.batch;

import java.util.List;

/**
 * What scoring one shard did, written to {@code _results/shard-NNNNN.json} after its part and quarantine files:
 * {@code rows = scored + quarantined}. {@code fallbackClients} are the clients whose rows were scored by the global
 * model because they have no model of their own; {@code clients} every client id the shard saw.
 */
public record ShardResult(int index, String sourceKey, long plannedRows, long rows, long scored, long quarantined,
        long clientModelRows, long globalModelRows, List<String> fallbackClients, List<String> clients, long cacheHits,
        long cacheMisses, String partKey, String quarantineKey, ScoreStats scores, long readMillis,
        long scoreMillis, long writeMillis, long totalMillis) {
}
