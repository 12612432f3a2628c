package com.anycompany.scoring.batch;

import com.anycompany.scoring.model.Hashing;
import com.anycompany.scoring.model.ModelRef;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The S3 trigger's core: an object created under {@code batch/input/<model>/...} starts one state-machine execution
 * named deterministically from bucket, key and version id (or ETag), so a redelivered event finds the execution
 * already there and starts nothing. Objects it cannot take are {@link Outcome#rejected()} with a reason a person can
 * act on, and are not retried: wrong prefix, folder markers, unsupported format, empty file, a key whose URL encoding
 * is broken, a model name that cannot be a key segment. A monthly input, {@code batch/input/<model>/<yyyy-mm>/...}, is
 * {@link Outcome#ignored()}: the monthly run scores a whole month's folder in one execution ({@code ./scoring batch
 * monthly}), so its files (one per client, a thousand a month) must not each start a run. S3 notification filters
 * have one prefix and one suffix and cannot exclude a folder, so this check is the guard.
 */
public final class BatchTrigger {
    public static final String INPUT_PREFIX = "batch/input/";
    public static final String OUTPUT_PREFIX = "batch/output/";
    private static final int MAX_NAME = 80;
    /** {@code <yyyy-mm>/}: the month folder of a monthly input, right under the model. */
    private static final java.util.regex.Pattern MONTH_FOLDER = java.util.regex.Pattern.compile(
            "[0-9]{4}-(0[1-9]|1[0-2])/.+");

    /** An S3 ObjectCreated notification, as the event carries it (the key still URL-encoded). */
    public record ObjectCreated(String bucket, String encodedKey, long size, String eTag, String versionId,
            String eventName) {
    }

    /** What happened to one record: started, duplicate (already started), or rejected with a reason. */
    public record Outcome(String bucket, String key, String status, String executionName, String executionArn,
            String reason) {
        public boolean rejected() {
            return "rejected".equals(status);
        }

        public boolean duplicate() {
            return "duplicate".equals(status);
        }

        /** A monthly input: left to the monthly run, not an error. */
        public boolean ignored() {
            return "ignored".equals(status);
        }
    }

    private final ExecutionStarter starter;
    private final String modelVersion;
    private final int rowsPerShard;

    public BatchTrigger(ExecutionStarter starter, String modelVersion, int rowsPerShard) {
        ModelRef.of("model", modelVersion);
        this.starter = starter;
        this.modelVersion = modelVersion;
        this.rowsPerShard = rowsPerShard;
    }

    public Outcome handle(ObjectCreated o) {
        String key;
        try {
            key = S3EventKeys.decode(o.encodedKey());
        } catch (IllegalArgumentException e) {
            return reject(o, o.encodedKey(), "the object key is not URL-encoded correctly: " + e.getMessage());
        }
        if (o.bucket() == null || o.bucket().isBlank()) {
            return reject(o, key, "the event names no bucket");
        }
        if (o.eventName() != null && !o.eventName().startsWith("ObjectCreated:")) {
            return reject(o, key, "event " + o.eventName() + " is not an ObjectCreated event");
        }
        if (!key.startsWith(INPUT_PREFIX)) {
            return reject(o, key, "the key is not under " + INPUT_PREFIX + "<model>/ (batch inputs go to "
                    + INPUT_PREFIX + "<model>/<file>.csv|.jsonl[.gz]); this object is not a batch input");
        }
        if (key.endsWith("/")) {
            return reject(o, key, "a folder marker, not a file");
        }
        String rest = key.substring(INPUT_PREFIX.length());
        int slash = rest.indexOf('/');
        if (slash <= 0 || slash == rest.length() - 1) {
            return reject(o, key, key.endsWith("/") ? "a folder marker, not a file"
                    : "the key has no model segment: expected " + INPUT_PREFIX + "<model>/<file>");
        }
        String model = rest.substring(0, slash);
        try {
            ModelRef.of(model, modelVersion);
        } catch (IllegalArgumentException e) {
            return reject(o, key, e.getMessage());
        }
        for (String segment : key.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                return reject(o, key, "the key has a '" + segment + "' path segment (empty, '.' or '..'); name the"
                        + " file plainly under " + INPUT_PREFIX + model + "/");
            }
        }
        for (int i = 0; i < key.length(); i++) {
            if (Character.isISOControl(key.charAt(i))) {
                return reject(o, key, "the key contains a control character (code " + (int) key.charAt(i)
                        + ") at position " + i + "; rename the file");
            }
        }
        RecordFormat format;
        try {
            format = RecordFormat.ofName(key);
        } catch (IllegalArgumentException e) {
            return reject(o, key, "unsupported format: " + e.getMessage());
        }
        if (o.size() == 0) {
            return reject(o, key, "the object is empty (0 bytes); upload the file again with its rows");
        }
        if (MONTH_FOLDER.matcher(rest.substring(slash + 1)).matches()) {
            return new Outcome(o.bucket(), S3EventKeys.abbreviate(key), "ignored", null, null, "a monthly input ("
                    + INPUT_PREFIX + model + "/<yyyy-mm>/): the monthly run scores the whole month in one execution "
                    + "(./scoring batch monthly); no run per file");
        }
        String name = executionName(o.bucket(), key, o.versionId(), o.eTag(), model);
        String output = OUTPUT_PREFIX + model + "/" + name + "/";
        BatchRequest request = new BatchRequest(name, o.bucket(), key, null, model, modelVersion, output, rowsPerShard,
                null);
        ExecutionStarter.Started s = starter.start(name, new String(BatchJson.bytes(request), StandardCharsets.UTF_8));
        return new Outcome(o.bucket(), key, s.duplicate() ? "duplicate" : "started", name, s.executionArn(),
                s.duplicate() ? "an execution named " + name + " already exists: this event was delivered before"
                        : "format " + format.name().toLowerCase(Locale.ROOT) + ", output s3://" + o.bucket() + "/" + output);
    }

    /**
     * {@code batch-<model>-<40 hex of SHA-256(bucket, key, versionId or ETag)>}: at most 80 characters of
     * {@code [A-Za-z0-9_-]}, the same for every delivery of the same object version.
     */
    public static String executionName(String bucket, String key, String versionId, String eTag, String model) {
        String identity = versionId != null && !versionId.isBlank() ? "v:" + versionId
                : "e:" + (eTag == null ? "" : eTag.replace("\"", ""));
        String hash = Hashing.sha256Hex((bucket + "\n" + key + "\n" + identity).getBytes(StandardCharsets.UTF_8))
                .substring(0, 40);
        String m = model.replaceAll("[^A-Za-z0-9_-]", "-");
        String name = "batch-" + (m.length() > 24 ? m.substring(0, 24) : m) + "-" + hash;
        return name.length() > MAX_NAME ? name.substring(0, MAX_NAME) : name;
    }

    private static Outcome reject(ObjectCreated o, String key, String reason) {
        return new Outcome(o.bucket(), key == null ? null : S3EventKeys.abbreviate(key), "rejected", null, null, reason);
    }
}
