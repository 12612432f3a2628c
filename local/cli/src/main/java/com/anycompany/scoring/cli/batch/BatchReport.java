package com.anycompany.scoring.cli.batch;

import com.anycompany.scoring.batch.BatchSummary;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.PrintStream;

/** The summary a batch command prints (and the demo's {@code attrition} object). */
public final class BatchReport {
    private BatchReport() {
    }

    public static ObjectNode json(ObjectMapper mapper, BatchSummary s, double wallSeconds, String output) {
        ObjectNode o = mapper.createObjectNode();
        o.put("run_id", s.runId());
        o.put("model", s.model() + "@" + s.modelVersion());
        o.put("rows", s.rows());
        o.put("scored", s.scored());
        o.put("quarantined", s.quarantined());
        o.put("shards", s.shards());
        o.put("clients", s.clients());
        o.put("clients_on_fallback", s.fallbackClients().size());
        ObjectNode unusable = o.putObject("client_models_unusable");
        if (s.modelFallbacks() != null) {
            s.modelFallbacks().forEach(unusable::put);
        }
        o.put("rows_client_model", s.clientModelRows());
        o.put("rows_global_model", s.globalModelRows());
        o.put("wall_seconds", Math.round(wallSeconds * 100) / 100.0);
        o.put("rows_per_s", Math.round(s.rows() / Math.max(1e-9, wallSeconds)));
        o.put("model_cache_hit_rate", Math.round(s.cacheHitRate() * 10000) / 10000.0);
        o.put("model_cache_hits", s.cacheHits());
        o.put("model_cache_misses", s.cacheMisses());
        o.put("mean_score", Math.round(s.scores().mean() * 10000) / 10000.0);
        o.put("output", output);
        o.put("ok", s.rows() == s.scored() + s.quarantined());
        return o;
    }

    public static void human(java.io.PrintWriter out, ObjectNode s) {
        out.printf("  rows             %,d  (scored %,d, quarantined %,d; %d shards)%n", s.get("rows").asLong(),
                s.get("scored").asLong(), s.get("quarantined").asLong(), s.get("shards").asInt());
        out.printf("  clients          %,d  (%,d on the global model for want of their own; %,d rows)%n",
                s.get("clients").asInt(), s.get("clients_on_fallback").asInt(), s.get("rows_global_model").asLong());
        s.path("client_models_unusable").fields().forEachRemaining(e -> out.printf(
                "  model fallback   client %s: %s%n", e.getKey(), e.getValue().asText()));
        out.printf("  wall time        %.2f s  (%,d rows/s end to end: read, parse, score, write)%n",
                s.get("wall_seconds").asDouble(), s.get("rows_per_s").asLong());
        out.printf("  model cache      hit rate %.1f%% (%,d hits, %,d misses)%n",
                s.get("model_cache_hit_rate").asDouble() * 100, s.get("model_cache_hits").asLong(),
                s.get("model_cache_misses").asLong());
        out.printf("  output           %s%n", s.get("output").asText());
        out.println(s.get("ok").asBoolean() ? "  check            OK: rows = scored + quarantined, per shard and in total"
                : "  check            FAILED: counts do not reconcile");
    }

    /** A one-line progress bar on stderr, redrawn in place. */
    public static BatchOrchestration.Listener progressBar(PrintStream err, String label) {
        return new BatchOrchestration.Listener() {
            private int lastPct = -1;

            @Override
            public synchronized void shardDone(int done, int total, long rows) {
                int pct = total == 0 ? 100 : done * 100 / total;
                if (pct == lastPct && done != total) {
                    return;
                }
                lastPct = pct;
                int width = 30;
                int fill = pct * width / 100;
                err.printf("\r%s [%s%s] %3d%%  shards %,d/%,d%s", label, "#".repeat(fill),
                        ".".repeat(width - fill), pct, done, total, rows < 0 ? "" : String.format("  rows %,d", rows));
                if (done == total) {
                    err.println();
                }
                err.flush();
            }
        };
    }
}
