package com.anycompany.scoring.functions.ocr;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification;
import com.anycompany.scoring.batch.S3EventKeys;
import com.anycompany.scoring.ocr.jobs.DocumentStarter;
import com.anycompany.scoring.ocr.jobs.OcrWiring;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * S3 ObjectCreated under documents/incoming/ → one Textract StartDocumentAnalysis job per document (or a reason in
 * documents/rejected/). Returns what happened to each record. A Textract or S3 outage throws, so Lambda's
 * asynchronous retries (and then the on-failure destination) take over; a retried event starts no second job.
 */
public final class OcrStarterHandler implements RequestHandler<S3Event, Map<String, Object>>, Resource {
    private static final Logger LOG = LoggerFactory.getLogger(OcrStarterHandler.class);

    private final DocumentStarter starter;

    public OcrStarterHandler() {
        this(OcrWiring.starterFromEnvironment());
    }

    OcrStarterHandler(DocumentStarter starter) {
        this.starter = starter;
        Core.getGlobalContext().register(this);
    }

    @Override
    public Map<String, Object> handleRequest(S3Event event, Context context) {
        return PowertoolsLogging.withLogging(context, () -> {
            List<Map<String, String>> started = new ArrayList<>();
            List<Map<String, String>> rejected = new ArrayList<>();
            List<Map<String, String>> skipped = new ArrayList<>();
            List<S3EventNotification.S3EventNotificationRecord> records = event == null || event.getRecords() == null
                    ? List.of() : event.getRecords();
            for (S3EventNotification.S3EventNotificationRecord r : records) {
                if (r.getS3() == null || r.getS3().getBucket() == null || r.getS3().getObject() == null) {
                    skipped.add(Map.of("reason", "not an S3 object record"));
                    continue;
                }
                String bucket = r.getS3().getBucket().getName();
                String key;
                try {
                    key = S3EventKeys.decode(r.getS3().getObject().getKey());
                } catch (IllegalArgumentException e) {
                    // a key that cannot be decoded names no object we could read or reject: reported, not retried
                    skipped.add(Map.of("key", S3EventKeys.abbreviate(String.valueOf(r.getS3().getObject().getKey())),
                            "reason", e.getMessage()));
                    continue;
                }
                DocumentStarter.Result result = starter.start(bucket, key);
                if (result instanceof DocumentStarter.Started s) {
                    started.add(Map.of("key", s.key(), "docId", s.docId(), "jobId", s.jobId()));
                } else if (result instanceof DocumentStarter.Rejected j) {
                    rejected.add(Map.of("key", j.key(), "code", j.code(), "reason", j.reason(),
                            "record", j.rejectedKey()));
                } else if (result instanceof DocumentStarter.Skipped k) {
                    skipped.add(Map.of("key", k.key(), "reason", k.reason()));
                }
            }
            LOG.info("upload batch done: records={} started={} rejected={} skipped={}", records.size(), started.size(),
                    rejected.size(), skipped.size());
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("started", started);
            out.put("rejected", rejected);
            out.put("skipped", skipped);
            return out;
        });
    }

    /** SnapStart: specs are parsed and the clients built in the constructor; touch the id derivation too. */
    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        com.anycompany.scoring.ocr.jobs.DocumentKeys.docId("priming", "documents/incoming/priming.pdf", "etag");
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        // nothing to refresh: SDK clients re-resolve credentials
    }
}
