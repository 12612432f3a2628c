package com.anycompany.scoring.ocr.jobs;

import com.anycompany.scoring.records.Json;
import com.anycompany.scoring.ocr.FormSpec;
import com.anycompany.scoring.ocr.FormSpecs;
import com.anycompany.scoring.ocr.PersonalData;
import com.anycompany.scoring.ocr.textract.AnalysisJobRequest;
import com.anycompany.scoring.ocr.textract.TextractJobs;
import com.anycompany.scoring.ocr.textract.TextractRejectedException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Starts one Textract analysis per uploaded document. Checks the upload first (under documents/incoming/, a PDF, PNG,
 * JPEG or TIFF by name and by content, not empty, within Textract's asynchronous size limits) and writes the reason
 * of a refusal to documents/rejected/. The JobTag is the docId and the ClientRequestToken a hash of bucket, key and
 * ETag, so a duplicate event starts no second job; a document that already has a result is skipped.
 *
 * <p>A failed analysis can be retried: an upload of the same bytes written after the failure was recorded (a new
 * upload, or {@code ./scoring ocr retry}, which copies the object onto itself) starts attempt n+1, with its own docId
 * and request token (so Textract starts a new job rather than answering with the failed one). A duplicate event of
 * the upload that failed is older than the failure record and is still skipped. At most
 * {@link DocumentKeys#MAX_ATTEMPTS} attempts.
 */
public final class DocumentStarter {
    private static final Logger LOG = LoggerFactory.getLogger(DocumentStarter.class);
    private static final ObjectMapper JSON = Json.MAPPER;
    /** Textract's asynchronous limits: 10 MB for images, 500 MB for PDF and TIFF. */
    public static final long MAX_IMAGE_BYTES = 10L * 1024 * 1024;
    public static final long MAX_PDF_BYTES = 500L * 1024 * 1024;
    private static final Map<String, String> FORMAT = Map.of("pdf", "PDF", "png", "PNG", "jpg", "JPEG", "jpeg", "JPEG",
            "tif", "TIFF", "tiff", "TIFF");

    public record Config(String snsTopicArn, String roleArn, String outputPrefix, long maxImageBytes,
                         long maxPdfBytes) {
    }

    /** What happened to one upload. */
    public sealed interface Result {
        String key();
    }

    public record Started(String key, String docId, String jobId, List<String> featureTypes) implements Result {
    }

    public record Rejected(String key, String code, String reason, String rejectedKey) implements Result {
    }

    public record Skipped(String key, String reason) implements Result {
    }

    private final java.util.function.Function<String, DocumentStore> stores;
    private final TextractJobs textract;
    private final FormSpecs specs;
    private final Config config;

    /** @param stores the document store of a bucket (uploads name their bucket) */
    public DocumentStarter(java.util.function.Function<String, DocumentStore> stores, TextractJobs textract,
                           FormSpecs specs, Config config) {
        this.stores = stores;
        this.textract = textract;
        this.specs = specs;
        this.config = config;
    }

    public Result start(String bucket, String key) {
        DocumentStore store = stores.apply(bucket);
        if (!key.startsWith(DocumentKeys.INCOMING) || key.endsWith("/")) {
            return skipped(key, "not a document under " + DocumentKeys.INCOMING);
        }
        Optional<DocumentStore.Head> head;
        try {
            head = store.head(key);
        } catch (DocumentKeyRefusedException e) {
            return skipped(key, "S3 refuses this bucket and key as malformed: no object can be read under them");
        }
        if (head.isEmpty()) {
            return skipped(key, "the object no longer exists");
        }
        DocumentStore.Head h = head.get();
        Attempt latest = latestAttempt(store, bucket, key, h.etag());
        if (latest.resultKey() != null && !latest.failed()) {
            return skipped(key, "already has a result at " + latest.resultKey());
        }
        int attempt = latest.attempt();
        String docId = latest.docId();
        if (latest.failed()) {
            if (!uploadedAfter(h, latest.resultHead())) {
                return skipped(key, "its analysis failed (" + latest.resultKey() + "); upload the file again or run "
                        + "./scoring ocr retry to analyse it again");
            }
            if (attempt + 1 >= DocumentKeys.MAX_ATTEMPTS) {
                return skipped(key, "its analysis failed " + DocumentKeys.MAX_ATTEMPTS + " times (last: "
                        + latest.resultKey() + "); no further attempt is started");
            }
            attempt++;
            docId = DocumentKeys.docId(bucket, key, h.etag(), attempt);
        }
        String ext = DocumentKeys.extension(key);
        String format = FORMAT.get(ext);
        if (format == null) {
            return reject(store, key, h, "unsupported_type", "'." + ext + "' is not a document type Textract analyses; "
                    + "upload a PDF, PNG, JPEG or TIFF");
        }
        if (h.size() == 0) {
            return reject(store, key, h, "empty", "the file is empty (0 bytes)");
        }
        long limit = format.equals("PDF") || format.equals("TIFF") ? config.maxPdfBytes() : config.maxImageBytes();
        if (h.size() > limit) {
            return reject(store, key, h, "oversize", "the file has " + h.size() + " bytes; Textract's asynchronous limit "
                    + "for " + format + " is " + limit + " bytes");
        }
        if (!looksLike(format, store.firstBytes(key, 8))) {
            return reject(store, key, h, "unsupported_type", "the file is named ." + ext + " but its content is not a "
                    + format);
        }
        Optional<FormSpec> declared = declaredType(key);
        List<String> features = new ArrayList<>(List.of("FORMS", "TABLES"));
        List<AnalysisJobRequest.Query> queries = declared.map(s -> s.queries().stream()
                .map(q -> new AnalysisJobRequest.Query(q.text(), q.alias())).toList()).orElse(List.of());
        if (!queries.isEmpty()) {
            features.add("QUERIES");
        }
        AnalysisJobRequest request = new AnalysisJobRequest(bucket, key, List.copyOf(features), queries,
                config.snsTopicArn(), config.roleArn(), bucket, config.outputPrefix(), docId,
                DocumentKeys.requestToken(bucket, key, h.etag(), attempt));
        String jobId;
        try {
            jobId = textract.startDocumentAnalysis(request);
        } catch (TextractRejectedException e) {
            return reject(store, key, h, "textract_rejected", "Textract refused the document: " + e.code());
        }
        LOG.info("textract job started: docId={} jobId={} features={} attempt={}", PersonalData.mask(docId), jobId,
                features, attempt + 1);
        return new Started(key, docId, jobId, List.copyOf(features));
    }

    /**
     * The last attempt at analysing this version of the object: its number, docId and, when it has one, its result
     * (key and metadata; {@code failed} when that result is a failure record). Attempt n+1 exists only after attempt
     * n failed.
     */
    public record Attempt(int attempt, String docId, String resultKey, DocumentStore.Head resultHead, boolean failed) {
    }

    public static Attempt latestAttempt(DocumentStore store, String bucket, String key, String etag) {
        int attempt = 0;
        while (true) {
            String docId = DocumentKeys.docId(bucket, key, etag, attempt);
            for (String prefix : List.of(DocumentKeys.PROCESSED, DocumentKeys.REVIEW)) {
                Optional<DocumentStore.Head> done = store.head(prefix + docId + ".json");
                if (done.isPresent()) {
                    return new Attempt(attempt, docId, prefix + docId + ".json", done.get(), false);
                }
            }
            String failedKey = DocumentKeys.FAILED + docId + ".json";
            Optional<DocumentStore.Head> failed = store.head(failedKey);
            if (failed.isEmpty()) {
                return new Attempt(attempt, docId, null, null, false);
            }
            if (attempt + 1 < DocumentKeys.MAX_ATTEMPTS && hasResult(store, DocumentKeys.docId(bucket, key, etag,
                    attempt + 1))) {
                attempt++;
                continue;
            }
            return new Attempt(attempt, docId, failedKey, failed.get(), true);
        }
    }

    private static boolean hasResult(DocumentStore store, String docId) {
        for (String prefix : DocumentKeys.RESULT_PREFIXES) {
            if (store.exists(prefix + docId + ".json")) {
                return true;
            }
        }
        return false;
    }

    /** Whether the upload was written after the failure record (a new upload of the same bytes). */
    private static boolean uploadedAfter(DocumentStore.Head upload, DocumentStore.Head failure) {
        return upload.lastModified() != null && failure.lastModified() != null
                && upload.lastModified().isAfter(failure.lastModified());
    }

    /** documents/incoming/&lt;type&gt;/… declares the document type up front (so its QUERIES can be asked). */
    private Optional<FormSpec> declaredType(String key) {
        String rel = key.substring(DocumentKeys.INCOMING.length());
        int slash = rel.indexOf('/');
        return slash <= 0 ? Optional.empty() : specs.forType(rel.substring(0, slash));
    }

    private Result reject(DocumentStore store, String key, DocumentStore.Head h, String code, String reason) {
        String rejectedKey = DocumentKeys.rejectedKey(key);
        ObjectNode n = JSON.createObjectNode();
        n.put("bucket", store.bucket());
        n.put("key", key);
        n.put("etag", h.etag() == null ? null : h.etag().replace("\"", ""));
        n.put("size", h.size());
        n.put("code", code);
        n.put("reason", reason);
        byte[] bytes;
        try {
            bytes = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(n);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        store.putIfAbsent(rejectedKey, bytes, "application/json");
        // the record's key holds the upload's file name (often a person's name): the log names the document by id
        LOG.warn("document rejected: code={} reason={} docId={}", code, PersonalData.mask(reason),
                DocumentKeys.docId(store.bucket(), key, h.etag()));
        return new Rejected(key, code, reason, rejectedKey);
    }

    private Result skipped(String key, String reason) {
        LOG.info("document skipped: {}", PersonalData.mask(reason));
        return new Skipped(key, reason);
    }

    static boolean looksLike(String format, byte[] head) {
        return switch (format) {
            case "PDF" -> startsWith(head, '%', 'P', 'D', 'F');
            case "PNG" -> startsWith(head, 0x89, 'P', 'N', 'G');
            case "JPEG" -> startsWith(head, 0xFF, 0xD8, 0xFF);
            case "TIFF" -> startsWith(head, 'I', 'I', 42, 0) || startsWith(head, 'M', 'M', 0, 42);
            default -> false;
        };
    }

    private static boolean startsWith(byte[] head, int... magic) {
        if (head.length < magic.length) {
            return false;
        }
        byte[] want = new byte[magic.length];
        for (int i = 0; i < magic.length; i++) {
            want[i] = (byte) magic[i];
        }
        return Arrays.equals(Arrays.copyOf(head, magic.length), want);
    }
}
