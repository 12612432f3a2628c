package com.anycompany.scoring.functions.batch;

import com.anycompany.scoring.batch.SfnExecutionStarter;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification;
import com.anycompany.scoring.batch.BatchWiring;
import com.anycompany.scoring.wiring.ServingEnvironment;
import com.anycompany.scoring.batch.BatchRequest;
import com.anycompany.scoring.batch.BatchTrigger;
import com.anycompany.scoring.batch.ExecutionStarter;
import com.anycompany.scoring.config.AwsClients;
import com.anycompany.scoring.config.FunctionEnvironment;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

import java.util.ArrayList;
import java.util.List;

/**
 * S3 ObjectCreated under {@code batch/input/<model>/} -> one Step Functions execution per object version (named from
 * bucket, key and version/ETag, so a redelivered event starts nothing). An object it cannot take is logged with the
 * reason and the invocation still succeeds: retrying could never help. Environment: STATE_MACHINE_ARN,
 * MODEL_VERSION (default "1"), ROWS_PER_SHARD (default 5000).
 */
public final class BatchTriggerHandler implements RequestHandler<S3Event, List<BatchTrigger.Outcome>>, Resource {
    private static final Logger LOG = LoggerFactory.getLogger(BatchTriggerHandler.class);

    private final BatchTrigger trigger;

    public BatchTriggerHandler() {
        this(new SfnExecutionStarter(SfnClient.builder().httpClient(UrlConnectionHttpClient.create())
                .region(AwsClients.region()).build(), FunctionEnvironment.require("STATE_MACHINE_ARN")));
    }

    BatchTriggerHandler(ExecutionStarter starter) {
        this.trigger = new BatchTrigger(starter, FunctionEnvironment.getOrDefault(ServingEnvironment.MODEL_VERSION,
                BatchWiring.DEFAULT_MODEL_VERSION),
                Integer.parseInt(FunctionEnvironment.getOrDefault("ROWS_PER_SHARD",
                        String.valueOf(BatchRequest.DEFAULT_ROWS_PER_SHARD))));
        Core.getGlobalContext().register(this);
    }

    @Override
    public List<BatchTrigger.Outcome> handleRequest(S3Event event, Context context) {
        return PowertoolsLogging.withLogging(context, () -> {
            List<BatchTrigger.Outcome> outcomes = new ArrayList<>();
            List<S3EventNotification.S3EventNotificationRecord> records = event == null || event.getRecords() == null
                    ? List.of() : event.getRecords();
            for (S3EventNotification.S3EventNotificationRecord r : records) {
                BatchTrigger.Outcome o = trigger.handle(toObjectCreated(r));
                if (o.rejected()) {
                    LOG.warn("not starting a batch run for s3://{}/{}: {}", o.bucket(), o.key(), o.reason());
                } else if (o.ignored()) {
                    LOG.info("not starting a batch run for s3://{}/{}: {}", o.bucket(), o.key(), o.reason());
                } else if (o.duplicate()) {
                    LOG.info("duplicate event for s3://{}/{}: {}", o.bucket(), o.key(), o.reason());
                } else {
                    LOG.info("started {} for s3://{}/{} ({})", o.executionName(), o.bucket(), o.key(), o.reason());
                }
                outcomes.add(o);
            }
            return outcomes;
        });
    }

    private static BatchTrigger.ObjectCreated toObjectCreated(S3EventNotification.S3EventNotificationRecord r) {
        var s3 = r.getS3();
        String bucket = s3 == null || s3.getBucket() == null ? null : s3.getBucket().getName();
        var o = s3 == null ? null : s3.getObject();
        return new BatchTrigger.ObjectCreated(bucket, o == null ? null : o.getKey(),
                o == null || o.getSizeAsLong() == null ? 0 : o.getSizeAsLong(), o == null ? null : o.geteTag(),
                o == null ? null : o.getVersionId(), r.getEventName());
    }

    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        BatchTrigger.executionName("bucket", "batch/input/attrition/x.csv", null, "etag", "attrition");
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        // the SDK client re-resolves credentials itself
    }
}
