package com.anycompany.scoring.functions.batch;

import com.anycompany.scoring.batch.StepIo;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.anycompany.scoring.batch.BatchJson;
import com.anycompany.scoring.batch.BatchPlan;
import com.anycompany.scoring.batch.BatchPlanner;
import com.anycompany.scoring.batch.BatchRequest;
import com.anycompany.scoring.batch.BatchRequests;
import com.anycompany.scoring.batch.BatchWiring;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

import java.io.InputStream;
import java.io.OutputStream;

/**
 * The state machine's Plan task: execution input (a batch request, or the monthly run) in; the plan's summary out
 * (run id, bucket, rows, shard count, plan and manifest keys). The shards themselves go to the manifest in S3, which
 * the Distributed Map reads with its ItemReader.
 */
public final class BatchPlanHandler implements RequestStreamHandler, Resource {
    private static final Logger LOG = LoggerFactory.getLogger(BatchPlanHandler.class);

    private final BatchPlanner planner;
    private final BatchRequests.Defaults defaults;

    public BatchPlanHandler() {
        this(BatchWiring.planner(), BatchWiring.defaults());
    }

    BatchPlanHandler(BatchPlanner planner, BatchRequests.Defaults defaults) {
        this.planner = planner;
        this.defaults = defaults;
        Core.getGlobalContext().register(this);
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) {
        PowertoolsLogging.withLogging(context, () -> {
            BatchRequest request = BatchRequests.from(StepIo.read(input), defaults);
            BatchPlan plan = planner.plan(request);
            LOG.info("planned run {}: {} rows in {} inputs, {} shards, manifest s3://{}/{}", plan.runId(), plan.rows(),
                    plan.inputs().size(), plan.shardCount(), plan.bucket(), plan.manifestKey());
            StepIo.write(output, plan.summary());
            return null;
        });
    }

    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        // exercise request parsing and JSON before the snapshot
        BatchJson.bytes(BatchRequests.monthly("attrition", defaults.modelVersion(), java.time.YearMonth.of(2026, 1),
                defaults.bucket(), defaults.rowsPerShard()));
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        // nothing to refresh
    }
}
