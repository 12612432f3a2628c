package com.anycompany.scoring.functions.fraud;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.anycompany.scoring.fraud.BatchOutcome;
import com.anycompany.scoring.fraud.FraudScoringService;
import com.anycompany.scoring.fraud.FraudScoringWiring;
import com.anycompany.scoring.fraud.InboundMessage;
import com.anycompany.scoring.model.Priming;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

import java.util.List;
import java.util.Map;

/**
 * Payroll fraud scoring: an SQS batch in, one decision per transaction out to the decisions queue, and a partial
 * batch response naming exactly the messages that were not decided and delivered.
 */
public final class FraudScoringHandler implements RequestHandler<SQSEvent, SQSBatchResponse>, Resource {
    private static final Logger LOG = LoggerFactory.getLogger(FraudScoringHandler.class);

    private final FraudScoringService service;

    public FraudScoringHandler() {
        this(FraudScoringWiring.fromEnvironment());
    }

    FraudScoringHandler(FraudScoringService service) {
        this.service = service;
        Core.getGlobalContext().register(this);
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return PowertoolsLogging.withLogging(context, () -> {
            List<SQSEvent.SQSMessage> records = event == null || event.getRecords() == null ? List.of() : event.getRecords();
            boolean fifo = !records.isEmpty() && records.get(0).getEventSourceArn() != null
                    && records.get(0).getEventSourceArn().endsWith(".fifo");
            BatchOutcome outcome = service.process(records.stream().map(FraudScoringHandler::toInbound).toList(), fifo);
            LOG.info("batch done: received={} scored={} delivered={} failed={}", outcome.received(), outcome.scored(),
                    outcome.delivered(), outcome.failures().size());
            return SQSBatchResponse.builder().withBatchItemFailures(outcome.failedMessageIds().stream()
                    .map(id -> SQSBatchResponse.BatchItemFailure.builder().withItemIdentifier(id).build())
                    .toList()).build();
        });
    }

    private static InboundMessage toInbound(SQSEvent.SQSMessage m) {
        Map<String, String> attributes = m.getAttributes() == null ? Map.of() : m.getAttributes();
        int receives;
        try {
            receives = Integer.parseInt(attributes.getOrDefault("ApproximateReceiveCount", "1"));
        } catch (NumberFormatException e) {
            receives = 1;
        }
        return new InboundMessage(m.getMessageId(), m.getBody(), attributes.get("MessageGroupId"), receives);
    }

    /** SnapStart: load the model and run the scoring path before the snapshot is taken. */
    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        Priming.exercise(service.warmUp(), 2_000);
    }

    /**
     * SnapStart: every restored copy gets its own SQS client (no connections or credentials shared through the
     * snapshot). The loaded model is immutable and kept; nothing here draws random numbers.
     */
    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        service.afterRestore();
        LOG.info("restored: decisions client re-created");
    }
}
