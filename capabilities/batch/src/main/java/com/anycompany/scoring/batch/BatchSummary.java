package com.anycompany.scoring.batch;

import java.util.List;

/**
 * The {@code _SUCCESS} manifest of a reconciled run: counts (in total and per shard), the score distribution, clients
 * scored by the global model for want of their own, model-cache use and timings, and the key of the drift report
 * ({@code report.html}, null when none was written). {@code modelFallbacks}: the clients whose own model could not be
 * used (corrupt, unsupported), each with the reason; their rows were scored by the global model.
 */
public record BatchSummary(String runId, String model, String modelVersion, String outputPrefix, long rows,
        long scored, long quarantined, int shards, int clients, List<String> fallbackClients, long clientModelRows,
        long globalModelRows, long cacheHits, long cacheMisses, ScoreStats scores, long planMillis,
        long shardMillisSum, long shardMillisMax, long wallMillis, List<ShardLine> perShard, String reportKey,
        java.util.Map<String, String> modelFallbacks) {

    /** One shard's reconciliation line. */
    public record ShardLine(int index, String source, long rows, long scored, long quarantined, String part,
            String quarantine) {
    }

    public double cacheHitRate() {
        long total = cacheHits + cacheMisses;
        return total == 0 ? 0 : (double) cacheHits / total;
    }
}
