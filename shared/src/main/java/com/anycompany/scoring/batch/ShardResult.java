package com.anycompany.scoring.batch;

import java.util.List;

/**
 * What scoring one shard did, written to {@code _results/shard-NNNNN.json} after its part and quarantine files:
 * {@code rows = scored + quarantined}. {@code fallbackClients} are the clients whose rows were scored by the global
 * model because they have no model of their own; {@code clients} every client id the shard saw. {@code planId} is the
 * plan it was scored for; {@code partETag} / {@code quarantineETag} are the ETags S3 returned when the two files were
 * written, so a later reader can check they are still the very files this result counts.
 */
public record ShardResult(int index, String sourceKey, long plannedRows, long rows, long scored, long quarantined,
        long clientModelRows, long globalModelRows, List<String> fallbackClients, List<String> clients, long cacheHits,
        long cacheMisses, String partKey, String quarantineKey, ScoreStats scores, long readMillis,
        long scoreMillis, long writeMillis, long totalMillis, String planId, String partETag, String quarantineETag) {
}
