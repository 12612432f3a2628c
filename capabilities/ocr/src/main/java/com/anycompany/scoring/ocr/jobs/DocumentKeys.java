package com.anycompany.scoring.ocr.jobs;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Where documents and results live in the document bucket, and the deterministic ids derived from an object:
 * <pre>
 * documents/incoming/&lt;name&gt;          uploads (the starter's trigger)
 * documents/textract/&lt;JobId&gt;/1..n      Textract's OutputConfig result pages
 * documents/processed/&lt;docId&gt;.json    typed records
 * documents/review/&lt;docId&gt;.json       documents for a person, with reasons
 * documents/failed/&lt;docId&gt;.json       Textract FAILED/ERROR, with its status message
 * documents/rejected/&lt;name&gt;.json      uploads not sent to Textract (type, empty, oversize), with the reason
 * documents/quarantine/&lt;id&gt;.json      notifications that could not be read, with the reason
 * </pre>
 */
public final class DocumentKeys {
    public static final String INCOMING = "documents/incoming/";
    public static final String TEXTRACT = "documents/textract";
    public static final String PROCESSED = "documents/processed/";
    public static final String REVIEW = "documents/review/";
    public static final String FAILED = "documents/failed/";
    public static final String REJECTED = "documents/rejected/";
    public static final String QUARANTINE = "documents/quarantine/";
    /** Every place a finished document's single result can be. */
    public static final List<String> RESULT_PREFIXES = List.of(PROCESSED, REVIEW, FAILED);

    private DocumentKeys() {
    }

    /**
     * Textract's ClientRequestToken for this version of the object: SHA-256 of bucket, key and ETag (hex, 64 chars,
     * within the token's [a-zA-Z0-9-_]{1,64}). A duplicate S3 event gives the same token, so the same job.
     */
    public static String requestToken(String bucket, String key, String etag) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest((bucket + "/" + key + "@" + stripQuotes(etag))
                    .getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A failed document is analysed again at most this many times (each attempt a new Textract job). */
    public static final int MAX_ATTEMPTS = 10;

    /**
     * The request token of attempt {@code attempt} (0: the first, the same token as {@link #requestToken}); a later
     * attempt's token differs, so Textract starts a new job instead of returning the failed one.
     */
    public static String requestToken(String bucket, String key, String etag, int attempt) {
        return attempt == 0 ? requestToken(bucket, key, etag) : requestToken(bucket, key + "#attempt-" + attempt, etag);
    }

    /** The document id of attempt {@code attempt} (0: {@link #docId(String, String, String)}). */
    public static String docId(String bucket, String key, String etag, int attempt) {
        String first = docId(bucket, key, etag);
        return attempt == 0 ? first : first.substring(0, first.length() - 12)
                + requestToken(bucket, key, etag, attempt).substring(0, 12);
    }

    /**
     * The document id: {@code doc-} and 12 hex digits of the request token, e.g. {@code doc-3fa9c2e1b0d4}. It names
     * nothing from the upload: a file name is often the person's name ({@code John_Smith_paystub.pdf}), and the id is
     * logged, used in result keys and sent to Textract as the JobTag ([a-zA-Z0-9_.\-:]{1,64}), which the completion
     * notification carries back.
     */
    public static String docId(String bucket, String key, String etag) {
        return "doc-" + requestToken(bucket, key, etag).substring(0, 12);
    }

    /** A JobTag we wrote is a valid docId; anything else is not trusted as a key. */
    public static boolean isDocId(String s) {
        return s != null && s.matches("[A-Za-z0-9_.-]{1,40}-[0-9a-f]{12}");
    }

    /** The name under documents/rejected/ for an incoming key: its path below incoming/, slashes as '_'. */
    public static String rejectedKey(String key) {
        String rel = (key.startsWith(INCOMING) ? key.substring(INCOMING.length()) : key).replace('/', '_');
        String candidate = REJECTED + rel + ".json";
        if (candidate.getBytes(StandardCharsets.UTF_8).length <= 1024) {
            return candidate;
        }
        // S3 keys are at most 1024 bytes: keep a readable start and make it unique with the key's hash
        return REJECTED + rel.substring(0, rel.offsetByCodePoints(0, 150)) + "-" + requestToken("", key, "").substring(0, 16) + ".json";
    }

    public static String extension(String key) {
        String name = key.substring(key.lastIndexOf('/') + 1);
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    private static String stripQuotes(String etag) {
        return etag == null ? "" : etag.replace("\"", "");
    }
}
