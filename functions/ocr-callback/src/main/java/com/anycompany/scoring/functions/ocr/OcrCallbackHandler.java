package com.anycompany.scoring.functions.ocr;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.anycompany.scoring.ocr.jobs.CompletionProcessor;
import com.anycompany.scoring.ocr.jobs.OcrWiring;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

import java.util.List;

/**
 * The asynchronous OCR callback: Textract completion notifications (SNS → SQS) in, one result per document out to
 * documents/processed|review|failed/, and a partial batch response naming exactly the messages to retry (job still
 * in progress, results not yet written, S3 or Textract unavailable).
 */
public final class OcrCallbackHandler implements RequestHandler<SQSEvent, SQSBatchResponse>, Resource {
    private static final Logger LOG = LoggerFactory.getLogger(OcrCallbackHandler.class);

    private final CompletionProcessor processor;

    public OcrCallbackHandler() {
        this(OcrWiring.callbackFromEnvironment());
    }

    OcrCallbackHandler(CompletionProcessor processor) {
        this.processor = processor;
        Core.getGlobalContext().register(this);
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return PowertoolsLogging.withLogging(context, () -> {
            List<SQSEvent.SQSMessage> records = event == null || event.getRecords() == null ? List.of() : event.getRecords();
            List<CompletionProcessor.Handled> handled = processor.process(records.stream()
                    .map(m -> new CompletionProcessor.Message(m.getMessageId(), m.getBody())).toList());
            List<String> retry = handled.stream().filter(CompletionProcessor.Handled::retry)
                    .map(CompletionProcessor.Handled::messageId).toList();
            LOG.info("notification batch done: received={} retry={}", records.size(), retry.size());
            return SQSBatchResponse.builder().withBatchItemFailures(retry.stream()
                    .map(id -> SQSBatchResponse.BatchItemFailure.builder().withItemIdentifier(id).build())
                    .toList()).build();
        });
    }

    /** SnapStart: run the extraction pipeline once (class loading, spec parsing, regexes) before the snapshot. */
    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        for (int i = 0; i < 200; i++) {
            processor.pipeline().warmUp();
        }
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        // nothing to refresh: SDK clients re-resolve credentials; specs are configuration shipped with the code
    }
}
