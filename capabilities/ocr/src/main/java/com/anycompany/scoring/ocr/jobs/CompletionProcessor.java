package com.anycompany.scoring.ocr.jobs;

import com.anycompany.scoring.records.Json;
import com.anycompany.scoring.ScoringException;
import com.anycompany.scoring.metrics.ScoringMetrics;
import com.anycompany.scoring.ocr.DocumentPipeline;
import com.anycompany.scoring.ocr.OcrOutcome;
import com.anycompany.scoring.ocr.OutcomeJson;
import com.anycompany.scoring.ocr.PersonalData;
import com.anycompany.scoring.ocr.Reason;
import com.anycompany.scoring.ocr.textract.InvalidTextractResponseException;
import com.anycompany.scoring.ocr.textract.TextractJobs;
import com.anycompany.scoring.ocr.textract.TextractResponse;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The core of the OCR callback. For each SQS message (an SNS-wrapped Textract completion notification):
 * <ul>
 *   <li>SUCCEEDED (or PARTIAL_SUCCESS): read every result page, run the {@link DocumentPipeline}, write
 *       documents/processed/&lt;docId&gt;.json or documents/review/&lt;docId&gt;.json (with the reasons);</li>
 *   <li>FAILED / ERROR: ask GetDocumentAnalysis for Textract's StatusMessage and write documents/failed/&lt;docId&gt;.json;</li>
 *   <li>IN_PROGRESS, results not written yet, S3 or Textract unavailable: the message fails alone and comes back;</li>
 *   <li>a body that is not a completion notification: written to documents/quarantine/ with the reason, then
 *       acknowledged.</li>
 * </ul>
 * Results are written with {@code If-None-Match: *} under a key fixed by the docId, and a document that already has
 * a result is skipped, so a duplicate notification leaves the single result as it was. Logs carry ids, outcomes and
 * reason codes only, masked by {@link PersonalData}.
 */
public final class CompletionProcessor {
    private static final Logger LOG = LoggerFactory.getLogger(CompletionProcessor.class);
    private static final ObjectMapper JSON = Json.MAPPER;

    public record Message(String messageId, String body) {
    }

    /** processed | review | failed | duplicate | quarantined | retry. */
    public record Handled(String messageId, String docId, String kind, String key, String detail) {
        public boolean retry() {
            return kind.equals("retry");
        }
    }

    private final DocumentStore store;
    private final ResultPages results;
    private final Optional<TextractJobs> textract;
    private final DocumentPipeline pipeline;
    private final ScoringMetrics metrics;

    public CompletionProcessor(DocumentStore store, ResultPages results, Optional<TextractJobs> textract,
                               DocumentPipeline pipeline, ScoringMetrics metrics) {
        this.store = store;
        this.results = results;
        this.textract = textract;
        this.pipeline = pipeline;
        this.metrics = metrics;
    }

    public DocumentPipeline pipeline() {
        return pipeline;
    }

    public List<Handled> process(List<Message> batch) {
        List<Handled> out = new ArrayList<>(batch.size());
        for (Message m : batch) {
            Handled h = processOne(m);
            out.add(h);
            metrics.count("Notifications_" + h.kind(), 1);
        }
        metrics.flush();
        return out;
    }

    private Handled processOne(Message m) {
        CompletionNotification n;
        try {
            n = CompletionNotification.parse(m.body());
            org.slf4j.MDC.put("correlation_id", n.jobId()); // the Textract JobId, on every later log line
        } catch (CompletionNotification.InvalidNotificationException e) {
            return quarantine(m, e.getMessage());
        }
        String docId = n.docId();
        try {
            for (String prefix : DocumentKeys.RESULT_PREFIXES) {
                String key = prefix + docId + ".json";
                if (store.exists(key)) {
                    LOG.info("duplicate notification: docId={} jobId={} already recorded at {}", mask(docId),
                            n.jobId(), mask(key));
                    return new Handled(m.messageId(), docId, "duplicate", key, "already recorded");
                }
            }
            OcrOutcome outcome = switch (n.status()) {
                case TextractResponse.SUCCEEDED, TextractResponse.PARTIAL_SUCCESS -> analyse(docId, n);
                case TextractResponse.FAILED, "ERROR" -> new OcrOutcome.Failed(docId, n.jobId(), n.status(),
                        statusMessage(n));
                case TextractResponse.IN_PROGRESS -> new OcrOutcome.Pending(docId, n.jobId(), n.status());
                default -> null;
            };
            if (outcome == null) {
                return quarantine(m, "unknown Textract status '" + n.status() + "'");
            }
            if (outcome instanceof OcrOutcome.Pending) {
                LOG.info("job still in progress: docId={} jobId={}; will retry", mask(docId), n.jobId());
                return new Handled(m.messageId(), docId, "retry", null, "IN_PROGRESS");
            }
            return record(m, n, outcome);
        } catch (ResultsNotReadyException e) {
            LOG.info("results not ready: docId={} jobId={}: {}; will retry", mask(docId), n.jobId(), mask(e.getMessage()));
            return new Handled(m.messageId(), docId, "retry", null, e.getMessage());
        } catch (ScoringException | SdkException e) {
            LOG.warn("notification for docId={} jobId={} failed ({}): {}; will retry", mask(docId), n.jobId(),
                    e.getClass().getSimpleName(), mask(e.getMessage()));
            return new Handled(m.messageId(), docId, "retry", null, e.getMessage());
        } catch (RuntimeException e) {
            // a bug or an input no check foresaw: this message fails alone (partial batch response) and, after
            // maxReceiveCount receives, goes to the dead-letter queue; the other messages of the batch go on
            LOG.error("notification for docId={} jobId={} failed unexpectedly ({} at {}); it fails alone and will be "
                    + "retried, then dead-lettered", mask(docId), n.jobId(), e.getClass().getName(),
                    e.getStackTrace().length > 0 ? e.getStackTrace()[0] : "?");
            return new Handled(m.messageId(), docId, "retry", null, "unexpected " + e.getClass().getSimpleName());
        }
    }

    private OcrOutcome analyse(String docId, CompletionNotification n) {
        List<TextractResponse> pages;
        try {
            pages = results.read(n.jobId());
        } catch (InvalidTextractResponseException e) {
            return new OcrOutcome.Failed(docId, n.jobId(), "UNREADABLE_OUTPUT", e.getMessage());
        } catch (ResultsTooLargeException e) {
            return new OcrOutcome.Failed(docId, n.jobId(), "RESULTS_TOO_LARGE", e.getMessage());
        }
        return pipeline.run(docId, n.jobId(), pages, Optional.empty());
    }

    /** Textract's notification carries no StatusMessage; GetDocumentAnalysis does. */
    private String statusMessage(CompletionNotification n) {
        if (textract.isEmpty()) {
            return "Textract reported " + n.status() + " (no Textract adapter configured to fetch its StatusMessage)";
        }
        try {
            TextractResponse r = textract.get().getDocumentAnalysis(n.jobId(), Optional.empty());
            return r.statusMessage().orElse("Textract reported " + n.status() + " without a status message");
        } catch (ScoringException e) {
            if (e.retryable()) {
                throw e;
            }
            return "Textract reported " + n.status() + "; its status message could not be fetched: " + e.getMessage();
        }
    }

    private Handled record(Message m, CompletionNotification n, OcrOutcome outcome) {
        String prefix = switch (outcome.kind()) {
            case "processed" -> DocumentKeys.PROCESSED;
            case "review" -> DocumentKeys.REVIEW;
            default -> DocumentKeys.FAILED;
        };
        String key = prefix + outcome.docId() + ".json";
        ObjectNode json = OutcomeJson.toJson(outcome);
        ObjectNode source = json.putObject("source");
        source.put("bucket", n.bucket());
        source.put("key", n.objectName());
        source.put("api", n.api());
        source.put("completedAt", n.timestamp());
        byte[] bytes;
        try {
            bytes = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        if (!store.putIfAbsent(key, bytes, "application/json")) {
            LOG.info("duplicate notification: docId={} jobId={} recorded concurrently at {}", mask(outcome.docId()),
                    n.jobId(), mask(key));
            return new Handled(m.messageId(), outcome.docId(), "duplicate", key, "recorded concurrently");
        }
        String detail = "";
        if (outcome instanceof OcrOutcome.Review r) {
            detail = String.join("; ", r.reasons().stream().map(Reason::toString).toList());
        } else if (outcome instanceof OcrOutcome.Failed f) {
            detail = f.status() + ": " + f.statusMessage();
        }
        LOG.info("document {}: docId={} jobId={} type={} {}", outcome.kind(), mask(outcome.docId()), n.jobId(),
                type(outcome), mask(detail));
        return new Handled(m.messageId(), outcome.docId(), outcome.kind(), key, detail);
    }

    private static String type(OcrOutcome o) {
        if (o instanceof OcrOutcome.Processed p) {
            return p.extraction().documentType();
        }
        if (o instanceof OcrOutcome.Review r) {
            return r.extraction().documentType();
        }
        return "-";
    }

    private Handled quarantine(Message m, String reason) {
        String key = DocumentKeys.QUARANTINE + m.messageId().replaceAll("[^A-Za-z0-9_.-]", "_") + ".json";
        ObjectNode n = JSON.createObjectNode();
        n.put("messageId", m.messageId());
        n.put("reason", mask(reason)); // the body is the message itself; the reason is ours and leaves the caller
        n.put("body", m.body());
        try {
            store.putIfAbsent(key, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(n), "application/json");
        } catch (DocumentStoreException e) {
            LOG.warn("cannot quarantine message {}: {}; will retry", m.messageId(), mask(e.getMessage()));
            return new Handled(m.messageId(), null, "retry", null, e.getMessage());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        LOG.warn("notification quarantined: messageId={} reason={} at {}", m.messageId(), mask(reason), key);
        return new Handled(m.messageId(), null, "quarantined", key, reason);
    }

    private static String mask(String s) {
        return PersonalData.mask(s);
    }
}
