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
import com.anycompany.scoring.rollout.AliasRouter;
import com.anycompany.scoring.rollout.GoldenGate;
import com.anycompany.scoring.rollout.ProbeContract;
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
 * Payroll fraud scoring: an SQS batch in, one decision per transaction out to the decisions queue, and a partial
 * batch response naming exactly the messages that were not decided and delivered.
 */
public final class FraudScoringHandler implements RequestHandler<SQSEvent, FraudBatchResponse>, Resource {
    /**
     * The eventSource of a pre-traffic golden probe (functions/deploy-hooks). Lambda's SQS poller always sets
     * "aws:sqs", so queue traffic can never take this path; a probe sends its decisions to the probe queue only.
     */
    public static final String PROBE_EVENT_SOURCE = ProbeContract.MARKER;

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
    public FraudBatchResponse handleRequest(SQSEvent event, Context context) {
        return PowertoolsLogging.withLogging(context, () -> {
            List<SQSEvent.SQSMessage> records = event == null || event.getRecords() == null ? List.of() : event.getRecords();
            if (!records.isEmpty() && records.stream().allMatch(r -> PROBE_EVENT_SOURCE.equals(r.getEventSource()))) {
                return probe(records, context);
            }
            boolean fifo = !records.isEmpty() && records.get(0).getEventSourceArn() != null
                    && records.get(0).getEventSourceArn().endsWith(".fifo");
            BatchOutcome outcome = service.process(records.stream().map(FraudScoringHandler::toInbound).toList(), fifo,
                    remaining(context));
            LOG.info("batch done: received={} scored={} delivered={} failed={}", outcome.received(), outcome.scored(),
                    outcome.delivered(), outcome.failures().size());
            return new FraudBatchResponse(outcome.failedMessageIds().stream()
                    .map(id -> SQSBatchResponse.BatchItemFailure.builder().withItemIdentifier(id).build())
                    .toList(), null);
        });
    }

    /**
     * Golden probe: decide each body with the version named in the "modelVersion" attribute and send the decisions to
     * the probe queue (PROBE_DECISIONS_QUEUE_URL), never to the decisions queue.
     */
    private FraudBatchResponse probe(List<SQSEvent.SQSMessage> records, Context context) {
        SQSEvent.MessageAttribute v = records.get(0).getMessageAttributes() == null ? null
                : records.get(0).getMessageAttributes().get(ProbeContract.VERSION_ATTRIBUTE);
        String version = v == null ? null : v.getStringValue();
        List<GoldenGate.Observation> observed = service.probe(version, records.stream()
                .map(SQSEvent.SQSMessage::getBody).toList(), remaining(context));
        Map<String, Object> probe = ProbeContract.answer(service.modelRef().name(),
                version == null ? service.modelRef().version() : version, observed);
        LOG.info("golden probe: {} rows scored with version {}", observed.size(), probe.get("version"));
        return new FraudBatchResponse(List.of(), probe);
    }

    private static java.util.function.LongSupplier remaining(Context context) {
        return context == null ? () -> Long.MAX_VALUE : () -> context.getRemainingTimeInMillis();
    }

    private static InboundMessage toInbound(SQSEvent.SQSMessage m) {
        Map<String, String> attributes = m.getAttributes() == null ? Map.of() : m.getAttributes();
        int receives;
        try {
            receives = Integer.parseInt(attributes.getOrDefault("ApproximateReceiveCount", "1"));
        } catch (NumberFormatException e) {
            receives = 1;
        }
        return new InboundMessage(m.getMessageId(), m.getBody(), attributes.get("MessageGroupId"), receives,
                sentAt(attributes.get("SentTimestamp")));
    }

    /** SQS's SentTimestamp (epoch milliseconds) as an instant; null when absent or not a number. */
    private static java.time.Instant sentAt(String epochMillis) {
        try {
            return epochMillis == null ? null : java.time.Instant.ofEpochMilli(Long.parseLong(epochMillis));
        } catch (NumberFormatException e) {
            return null;
        }
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
        // registry aliases in the snapshot may be stale: re-read them now
        if (service.router() instanceof AliasRouter aliases) {
            aliases.invalidate();
        }
        LOG.info("restored: decisions client re-created, aliases to be re-read");
    }
}
