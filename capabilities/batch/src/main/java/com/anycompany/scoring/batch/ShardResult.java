package com.anycompany.scoring.batch;

import java.util.List;

/**
 * What scoring one shard did, written to {@code _results/shard-NNNNN.json} after its part and quarantine files:
 * {@code rows = scored + quarantined}. {@code fallbackClients} are the clients whose rows were scored by the global
 * model because they have no model of their own; {@code clients} every client id the shard saw. {@code planId} is the
 * plan it was scored for; {@code partETag} / {@code quarantineETag} are the ETags S3 returned when the two files were
 * written, so a later reader can check they are still the very files this result counts; {@code drift} per client the
 * inputs and scores against the model's baselines; {@code quarantineReasons} the quarantined rows by kind of reason
 * ({@link com.anycompany.scoring.monitor.QuarantineReasons}); {@code modelFallbacks} the clients whose own model exists
 * but could not be used (corrupt, unsupported), each with the reason, their rows scored by the global model.
 */
public record ShardResult(int index, String sourceKey, long plannedRows, long rows, long scored, long quarantined,
        long clientModelRows, long globalModelRows, List<String> fallbackClients, List<String> clients, long cacheHits,
        long cacheMisses, String partKey, String quarantineKey, ScoreStats scores, long readMillis,
        long scoreMillis, long writeMillis, long totalMillis, String planId, String partETag, String quarantineETag,
        java.util.List<com.anycompany.scoring.monitor.ClientDriftCounts> drift,
        java.util.Map<String, Long> quarantineReasons, java.util.Map<String, String> modelFallbacks) {

    /** A result without plan, ETags, drift counts or quarantine reasons (older shard results read the same way). */
    public ShardResult(int index, String sourceKey, long plannedRows, long rows, long scored, long quarantined,
            long clientModelRows, long globalModelRows, List<String> fallbackClients, List<String> clients,
            long cacheHits, long cacheMisses, String partKey, String quarantineKey, ScoreStats scores, long readMillis,
            long scoreMillis, long writeMillis, long totalMillis) {
        this(index, sourceKey, plannedRows, rows, scored, quarantined, clientModelRows, globalModelRows,
                fallbackClients, clients, cacheHits, cacheMisses, partKey, quarantineKey, scores, readMillis,
                scoreMillis, writeMillis, totalMillis, null, null, null, null, null, null);
    }
}
