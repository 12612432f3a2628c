package com.anycompany.scoring.functions.batch;

import com.anycompany.scoring.batch.StepIo;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.anycompany.scoring.batch.BatchFinalizer;
import com.anycompany.scoring.batch.BatchInputException;
import com.anycompany.scoring.batch.BatchSummary;
import com.anycompany.scoring.batch.BatchWiring;
import com.fasterxml.jackson.databind.JsonNode;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Finalize task: {@code {"bucket": …, "planKey": …}} in; reconciles every shard and the total, writes
 * {@code _SUCCESS}, and returns the run's counts. A mismatch fails the task (ReconciliationException), loudly.
 */
public final class FinalizeHandler implements RequestStreamHandler, Resource {
    private static final Logger LOG = LoggerFactory.getLogger(FinalizeHandler.class);

    private final BatchFinalizer finalizer;

    public FinalizeHandler() {
        this(BatchWiring.finalizer());
    }

    FinalizeHandler(BatchFinalizer finalizer) {
        this.finalizer = finalizer;
        Core.getGlobalContext().register(this);
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) {
        PowertoolsLogging.withLogging(context, () -> {
            JsonNode in = StepIo.read(input);
            String bucket = text(in, "bucket");
            String planKey = text(in, "planKey");
            BatchSummary s = finalizer.finalizeRun(bucket, planKey);
            LOG.info("run {} reconciled: rows={} scored={} quarantined={} shards={} fallbackClients={}", s.runId(),
                    s.rows(), s.scored(), s.quarantined(), s.shards(), s.fallbackClients().size());
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("runId", s.runId());
            out.put("rows", s.rows());
            out.put("scored", s.scored());
            out.put("quarantined", s.quarantined());
            out.put("shards", s.shards());
            out.put("clients", s.clients());
            out.put("fallbackClients", s.fallbackClients().size());
            out.put("cacheHitRate", s.cacheHitRate());
            out.put("success", "s3://" + bucket + "/" + s.outputPrefix() + "_SUCCESS");
            if (s.reportKey() != null) {
                out.put("report", "s3://" + bucket + "/" + s.reportKey());
            }
            StepIo.write(output, out);
            return null;
        });
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.asText().isBlank()) {
            throw new BatchInputException("the Finalize input has no " + field + " (expected {\"bucket\", \"planKey\"})");
        }
        return v.asText();
    }

    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        // nothing to prime beyond class loading
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        // nothing to refresh
    }
}
