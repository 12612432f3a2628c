package com.anycompany.scoring.batch;

import com.anycompany.scoring.feature.PositionalColumns;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.zip.GZIPInputStream;

/**
 * The Plan step: reads each input once, cuts it into shards of about {@code rowsPerShard} records on line boundaries
 * (a record is a non-blank line; CSV's first non-blank line is its header), and writes the plan and the shard
 * manifest. Gzip inputs are decompressed once (at most {@link #maxDecompressedBytes} bytes, so a zip bomb is refused)
 * into {@code _staging/}, and the copy is sharded by byte range. Outputs of an earlier run under the same prefix that
 * this plan does not produce (stale parts, an old {@code _SUCCESS}) are deleted, so a re-run never mixes runs. Inputs
 * smaller than a shard are packed, in key order, with others of the same format and header into shards of about
 * {@code rowsPerShard} rows (see {@link Shard}).
 */
public final class BatchPlanner {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(BatchPlanner.class);
    public static final long DEFAULT_MAX_DECOMPRESSED = 2L * 1024 * 1024 * 1024;

    /** A packed shard holds at most this many inputs (each one is a GET when the shard is scored). */
    static final int MAX_SEGMENTS_PER_SHARD = 500;

    /**
     * An input at most this large is kept in memory while it is planned, so that a packed shard's small inputs can be
     * staged as one object ({@code _staging/pack-NNNNN}) that the shard reads with one GET instead of one per input.
     */
    static final long KEEP_INPUT_MAX = 1L << 20;

    /** At most this many bytes of inputs are kept per plan; past it, packed inputs are read one by one as before. */
    static final long KEEP_TOTAL_MAX = 256L << 20;

    private final BatchStorage storage;
    private final Clock clock;
    private final long maxDecompressedBytes;
    private final ModelBundles bundles;

    public BatchPlanner(BatchStorage storage, Clock clock, long maxDecompressedBytes) {
        this(storage, clock, maxDecompressedBytes, null);
    }

    /** @param bundles brought up to date for the run's model before it is sharded (null: no bundles) */
    public BatchPlanner(BatchStorage storage, Clock clock, long maxDecompressedBytes, ModelBundles bundles) {
        this.storage = storage;
        this.clock = clock;
        this.maxDecompressedBytes = maxDecompressedBytes;
        this.bundles = bundles;
    }

    public BatchPlanner(BatchStorage storage) {
        this(storage, Clock.systemUTC(), DEFAULT_MAX_DECOMPRESSED);
    }

    public BatchPlan plan(BatchRequest request) {
        long t0 = System.nanoTime();
        java.util.concurrent.FutureTask<Optional<Shard.ModelBundle>> bundling = startBundling(request);
        try {
            return plan(request, t0, bundling);
        } finally {
            if (bundling != null) {
                bundling.cancel(true); // done by then, unless planning failed: nothing is left running
            }
        }
    }

    /**
     * The run's model snapshot ({@link ModelBundles#refresh}): listed and packed once, for every shard of the run, on
     * a thread of its own while the inputs are listed and scanned; null when there are no bundles or no model.
     */
    private java.util.concurrent.FutureTask<Optional<Shard.ModelBundle>> startBundling(BatchRequest request) {
        if (bundles == null || request.model() == null || request.modelVersion() == null) {
            return null;
        }
        Map<String, String> mdc = org.slf4j.MDC.getCopyOfContextMap();
        java.util.concurrent.FutureTask<Optional<Shard.ModelBundle>> bundling = new java.util.concurrent.FutureTask<>(
                () -> {
                    if (mdc != null) {
                        org.slf4j.MDC.setContextMap(mdc);
                    }
                    return bundles.refresh(request.bucket(), request.model(), request.modelVersion());
                });
        Thread t = new Thread(bundling, "batch-plan-models");
        t.setDaemon(true);
        t.start();
        return bundling;
    }

    private BatchPlan plan(BatchRequest request, long t0,
                           java.util.concurrent.FutureTask<Optional<Shard.ModelBundle>> bundling) {
        long createdAt = clock.millis();
        String out = request.outputPrefix();
        List<BatchStorage.ObjectInfo> objects = inputs(request);
        List<BatchPlan.Input> inputs = new ArrayList<>();
        List<Shard> unnamed = new ArrayList<>();
        long rows = 0;
        long bytes = 0;
        List<Scan> scans = scanAll(request, objects);
        Map<Shard.Segment, byte[]> kept = new java.util.IdentityHashMap<>(); // a packed segment's bytes, if kept
        Map<PackKey, List<Shard.Segment>> packs = new LinkedHashMap<>();
        Map<PackKey, Long> packRows = new HashMap<>();
        Map<PackKey, Long> packBytes = new HashMap<>();
        for (Scan scan : scans) {
            inputs.add(scan.input);
            rows += scan.input.rows();
            bytes += scan.input.bytes();
            if (scans.size() > 1 && scan.spans.size() == 1 && scan.spans.get(0).rows < request.rowsPerShard()) {
                // a small input: packed with others of the same format and header into shards of ~rowsPerShard rows
                Span sp = scan.spans.get(0);
                PackKey packKey = new PackKey(scan.input.format(), scan.header);
                long length = sp.end - sp.start;
                List<Shard.Segment> pack = packs.get(packKey);
                if (pack != null && (packRows.get(packKey) + sp.rows > request.rowsPerShard()
                        || packBytes.get(packKey) + length > FileLimits.MAX_SHARD_BYTES
                        || pack.size() >= MAX_SEGMENTS_PER_SHARD)) {
                    unnamed.add(packed(request, unnamed.size(), scan.input.format(), scan.header, pack, kept));
                    pack = null;
                }
                if (pack == null) {
                    pack = new ArrayList<>();
                    packs.put(packKey, pack);
                    packRows.put(packKey, 0L);
                    packBytes.put(packKey, 0L);
                }
                Shard.Segment segment = new Shard.Segment(scan.input.shardedKey(), scan.input.key(), sp.start, sp.end,
                        sp.firstLine, sp.rows, scan.shardedETag);
                pack.add(segment);
                if (scan.bytes != null) {
                    kept.put(segment, java.util.Arrays.copyOfRange(scan.bytes, (int) sp.start, (int) sp.end));
                }
                packRows.merge(packKey, sp.rows, Long::sum);
                packBytes.merge(packKey, length, Long::sum);
                continue;
            }
            for (Span sp : scan.spans) {
                unnamed.add(shard(request, unnamed.size(), scan.input.format(), scan.header,
                        List.of(new Shard.Segment(scan.input.shardedKey(), scan.input.key(), sp.start, sp.end,
                                sp.firstLine, sp.rows, scan.shardedETag))));
            }
        }
        for (Map.Entry<PackKey, List<Shard.Segment>> e : packs.entrySet()) {
            unnamed.add(packed(request, unnamed.size(), e.getKey().format(), e.getKey().header(), e.getValue(),
                    kept));
        }
        String planKey = out + "_manifest/plan.json";
        String manifestKey = out + "_manifest/shards.json";
        Shard.ModelBundle bundle = bundling == null ? null : joined(bundling);
        String fingerprint = fingerprint(request, inputs, unnamed);
        String planId = UUID.randomUUID().toString();
        if (request.resuming()) {
            Optional<BatchPlan> earlier = earlierPlan(request.bucket(), planKey);
            if (earlier.isPresent() && fingerprint.equals(earlier.get().fingerprint())
                    && earlier.get().planId() != null) {
                planId = earlier.get().planId();
                createdAt = earlier.get().createdAtEpochMs();
                LOG.info("resuming plan {} of run {}: inputs and request unchanged; completed shards will be reused",
                        planId, request.runId());
            } else {
                LOG.info("nothing to resume for run {} ({}): every shard is scored", request.runId(),
                        earlier.isEmpty() ? "no earlier plan" : "the inputs or the request changed");
            }
        }
        List<Shard> shards = new ArrayList<>(unnamed.size());
        for (Shard s : unnamed) {
            shards.add(withPlan(s, planId, bundle));
        }
        removeStale(request.bucket(), out, shards);
        storage.write(request.bucket(), manifestKey, BatchJson.bytes(shards), "application/json");
        long planMillis = (System.nanoTime() - t0) / 1_000_000;
        BatchPlan plan = new BatchPlan(request.runId(), request.bucket(), request.model(), request.modelVersion(), out,
                inputs, rows, bytes, shards.size(), planKey, manifestKey, out + "_SUCCESS", createdAt, planMillis,
                shards, planId, fingerprint);
        storage.write(request.bucket(), planKey, BatchJson.bytes(plan), "application/json");
        return plan;
    }

    /** The bundle's pin once its refresh is done (it never throws: a failure is logged there and is no pin). */
    private static Shard.ModelBundle joined(java.util.concurrent.FutureTask<Optional<Shard.ModelBundle>> bundling) {
        try {
            return bundling.get().orElse(null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BatchStorageUnavailableException("interrupted while packing the run's models", e);
        } catch (java.util.concurrent.ExecutionException e) {
            LOG.warn("model bundle not refreshed (shards read models one by one): {}", e.getCause().toString());
            return null;
        }
    }

    private Optional<BatchPlan> earlierPlan(String bucket, String planKey) {
        Optional<byte[]> bytes = storage.read(bucket, planKey);
        if (bytes.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(BatchJson.read(bytes.get(), BatchPlan.class, planKey));
        } catch (RuntimeException e) {
            LOG.warn("the earlier plan s3://{}/{} cannot be read ({}); planning afresh", bucket, planKey,
                    e.getMessage());
            return Optional.empty();
        }
    }

    /** SHA-256 of what a plan scores: the request (without the resume flag), the inputs with ETags, the shards. */
    static String fingerprint(BatchRequest r, List<BatchPlan.Input> inputs, List<Shard> shards) {
        Map<String, Object> what = new LinkedHashMap<>();
        what.put("request", new BatchRequest(r.runId(), r.bucket(), r.inputKey(), r.inputPrefix(), r.model(),
                r.modelVersion(), r.outputPrefix(), r.rowsPerShard(), r.clientColumn(), false));
        what.put("inputs", inputs);
        what.put("shards", shards);
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(BatchJson.bytes(what)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The shard of plan {@code planId}; the model bundle is not part of the fingerprint (as models never were). */
    private static Shard withPlan(Shard s, String planId, Shard.ModelBundle bundle) {
        return new Shard(s.index(), s.runId(), s.bucket(), s.key(), s.sourceKey(), s.start(), s.end(), s.firstLine(),
                s.rows(), s.format(), s.header(), s.model(), s.modelVersion(), s.clientColumn(), s.partKey(),
                s.quarantineKey(), s.resultKey(), planId, s.segments(), bundle);
    }

    private List<BatchStorage.ObjectInfo> inputs(BatchRequest r) {
        if (r.inputKey() != null && !r.inputKey().isBlank()) {
            BatchStorage.ObjectInfo o = storage.head(r.bucket(), r.inputKey()).orElseThrow(() -> new BatchInputException(
                    "input s3://" + r.bucket() + "/" + r.inputKey() + " does not exist"));
            return List.of(o);
        }
        List<BatchStorage.ObjectInfo> found = new ArrayList<>();
        for (BatchStorage.ObjectInfo o : storage.list(r.bucket(), r.inputPrefix())) {
            try {
                RecordFormat.ofName(o.key());
                found.add(o);
            } catch (IllegalArgumentException e) {
                // not an input file (e.g. a README or a folder marker): skipped
            }
        }
        if (found.isEmpty()) {
            throw new BatchInputException("no .csv or .jsonl[.gz] objects under s3://" + r.bucket() + "/"
                    + r.inputPrefix());
        }
        return found;
    }

    private record PackKey(RecordFormat format, String header) {
    }

    private record Span(long start, long end, long firstLine, long rows) {
    }

    /** One input scanned: {@code shardedETag} is the ETag of the bytes the spans were cut from. */
    private record Scan(BatchPlan.Input input, String header, List<Span> spans, String shardedETag, byte[] bytes) {
    }

    /** Scans the inputs, several at a time (the monthly run has one small object per client). */
    private List<Scan> scanAll(BatchRequest r, List<BatchStorage.ObjectInfo> objects) {
        if (objects.size() == 1) {
            return List.of(scanOne(r, 0, objects.get(0), null));
        }
        java.util.concurrent.atomic.AtomicLong keepBudget = new java.util.concurrent.atomic.AtomicLong(KEEP_TOTAL_MAX);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(
                Math.min(8, objects.size()), t -> {
                    Thread th = new Thread(t, "batch-plan");
                    th.setDaemon(true);
                    return th;
                });
        try {
            List<java.util.concurrent.Future<Scan>> futures = new ArrayList<>();
            for (int i = 0; i < objects.size(); i++) {
                int idx = i;
                futures.add(pool.submit(() -> scanOne(r, idx, objects.get(idx), keepBudget)));
            }
            List<Scan> scans = new ArrayList<>();
            for (java.util.concurrent.Future<Scan> f : futures) {
                try {
                    scans.add(f.get());
                } catch (java.util.concurrent.ExecutionException e) {
                    if (e.getCause() instanceof RuntimeException re) {
                        throw re;
                    }
                    throw new IllegalStateException(e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new BatchStorageUnavailableException("planning was interrupted", e);
                }
            }
            return scans;
        } finally {
            pool.shutdownNow();
        }
    }

    /** @param keepBudget bytes of small inputs that may still be kept (null: keep none) */
    private Scan scanOne(BatchRequest r, int i, BatchStorage.ObjectInfo o,
                         java.util.concurrent.atomic.AtomicLong keepBudget) {
        RecordFormat format;
        try {
            format = RecordFormat.ofName(o.key());
        } catch (IllegalArgumentException e) {
            throw new BatchInputException(e.getMessage());
        }
        boolean gzip = RecordFormat.gzipped(o.key());
        String shardedKey = o.key();
        String shardedETag = o.eTag();
        if (gzip) {
            shardedKey = r.outputPrefix() + "_staging/" + String.format("%05d", i) + "."
                    + (format == RecordFormat.CSV ? "csv" : "jsonl");
            shardedETag = stageDecompressed(r.bucket(), o.key(), o.eTag(), shardedKey);
        }
        boolean keep = !gzip && keepBudget != null && o.size() <= KEEP_INPUT_MAX
                && keepBudget.addAndGet(-o.size()) >= 0;
        return scan(r, o.key(), shardedKey, shardedETag, format, gzip, o.eTag(), keep);
    }

    /** Walks the object's bytes once, cutting a shard after every {@code rowsPerShard} records. */
    private Scan scan(BatchRequest r, String sourceKey, String key, String keyETag, RecordFormat format, boolean gzip,
            String eTag, boolean keep) {
        List<Span> spans = new ArrayList<>();
        byte[] all = null;
        if (keep) {
            try (InputStream whole = storage.open(r.bucket(), key, keyETag)) {
                all = whole.readNBytes((int) KEEP_INPUT_MAX + 1);
            } catch (IOException e) {
                throw new BatchStorageUnavailableException("reading s3://" + r.bucket() + "/" + key + " failed: "
                        + e.getMessage(), e);
            }
            if (all.length > KEEP_INPUT_MAX) {
                all = null; // larger than listed: read as a stream, not kept
            }
        }
        try (InputStream in = all != null ? new java.io.ByteArrayInputStream(all)
                : new BufferedInputStream(storage.open(r.bucket(), key, keyETag), 256 * 1024)) {
            long offset = 0;
            long line = 0;          // physical lines completed
            long lineStart = 0;
            boolean blank = true;
            boolean first = true;
            String header = null;
            long shardStart = -1;
            long shardFirstLine = 0;
            long shardRows = 0;
            long rows = 0;
            java.io.ByteArrayOutputStream headerBytes = format == RecordFormat.CSV ? new java.io.ByteArrayOutputStream() : null;
            int b;
            int prefix = 0;
            while (true) {
                b = in.read();
                if (first && offset == 0 && b == 0xEF) {
                    // a UTF-8 BOM at the very start is not part of the first record
                    int b2 = in.read();
                    int b3 = in.read();
                    if (b2 == 0xBB && b3 == 0xBF) {
                        offset = 3;
                        lineStart = 3;
                        prefix = 3;
                        first = false;
                        continue;
                    }
                    throw new BatchInputException(sourceKey + ": starts with a broken byte-order mark");
                }
                first = false;
                boolean eol = b == '\n' || b < 0;
                if (!eol) {
                    offset++;
                    if (b != ' ' && b != '\t' && b != '\r') {
                        blank = false;
                    }
                    if (headerBytes != null && header == null) {
                        if (headerBytes.size() > FileLimits.MAX_LINE_BYTES) {
                            throw new BatchInputException(sourceKey + ": the header line is longer than "
                                    + FileLimits.MAX_LINE_BYTES + " bytes");
                        }
                        headerBytes.write(b);
                    }
                    continue;
                }
                if (b >= 0) {
                    offset++;
                }
                long end = offset;
                line++;
                boolean headerLine = false;
                if (!blank && format == RecordFormat.CSV && header == null) {
                    header = stripCr(headerBytes.toString(StandardCharsets.UTF_8));
                    List<String> cells = headerCells(header);
                    headerLine = cells == null || !PositionalColumns.isDataLine(cells);
                    if (!headerLine) {
                        // headerless (SageMaker's text/csv): the line is the first record; columns are f0..fN
                        header = String.join(",", PositionalColumns.names(cells.size()));
                    }
                }
                if (!blank) {
                    if (!headerLine) {
                        if (shardStart < 0) {
                            shardStart = lineStart;
                            shardFirstLine = line;
                        }
                        shardRows++;
                        rows++;
                        if (shardRows == r.rowsPerShard() || end - shardStart >= FileLimits.MAX_SHARD_BYTES) {
                            spans.add(new Span(shardStart, end, shardFirstLine, shardRows));
                            shardStart = -1;
                            shardRows = 0;
                        }
                    }
                } else if (format == RecordFormat.CSV && header == null && headerBytes != null) {
                    headerBytes.reset();
                }
                blank = true;
                lineStart = end;
                if (b < 0) {
                    break;
                }
            }
            if (shardRows > 0) {
                spans.add(new Span(shardStart, offset, shardFirstLine, shardRows));
            }
            if (format == RecordFormat.CSV && header == null) {
                throw new BatchInputException(sourceKey + ": the CSV input is empty; expected a header line naming the "
                        + "columns");
            }
            return new Scan(new BatchPlan.Input(sourceKey, key, format, gzip, rows, offset - prefix, eTag), header, spans,
                    keyETag, all);
        } catch (IOException e) {
            throw new BatchStorageUnavailableException("reading s3://" + r.bucket() + "/" + key + " failed: "
                    + e.getMessage(), e);
        }
    }

    /** The header line's cells, or null when it does not parse as CSV (the scorer then reports it). */
    private static List<String> headerCells(String line) {
        try {
            return CsvLine.parse(line, FileLimits.MAX_COLUMNS);
        } catch (CsvLine.Malformed | IllegalArgumentException e) {
            return null;
        }
    }

    private static String stripCr(String s) {
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    /**
     * A packed shard. When every one of its inputs was kept, their segments are staged as one object,
     * {@code _staging/pack-NNNNN.csv|jsonl} (a line break added after a segment whose last line had none), and the
     * shard reads that copy, taken when the plan was made, with one GET instead of one per input; each segment keeps
     * its input's key, first line and rows, so quarantines and reports name the input as before. A retried plan
     * writes the same bytes at the same key.
     */
    private Shard packed(BatchRequest r, int index, RecordFormat format, String header, List<Shard.Segment> pack,
                         Map<Shard.Segment, byte[]> kept) {
        if (pack.size() < 2 || !pack.stream().allMatch(kept::containsKey)) {
            return shard(r, index, format, header, pack);
        }
        java.io.ByteArrayOutputStream staged = new java.io.ByteArrayOutputStream();
        long[] from = new long[pack.size()];
        long[] to = new long[pack.size()];
        for (int i = 0; i < pack.size(); i++) {
            byte[] b = kept.get(pack.get(i));
            from[i] = staged.size();
            staged.writeBytes(b);
            if (b.length > 0 && b[b.length - 1] != '\n') {
                staged.write('\n');
            }
            to[i] = staged.size();
        }
        String key = r.outputPrefix() + "_staging/" + Shard.name("pack", index,
                format == RecordFormat.CSV ? "csv" : "jsonl");
        String eTag = storage.write(r.bucket(), key, staged.toByteArray(),
                format == RecordFormat.CSV ? "text/csv" : "application/x-ndjson");
        List<Shard.Segment> segments = new ArrayList<>(pack.size());
        for (int i = 0; i < pack.size(); i++) {
            Shard.Segment s = pack.get(i);
            segments.add(new Shard.Segment(key, s.sourceKey(), from[i], to[i], s.firstLine(), s.rows(), eTag));
        }
        return shard(r, index, format, header, segments);
    }

    private static Shard shard(BatchRequest r, int index, RecordFormat format, String header,
            List<Shard.Segment> segments) {
        Shard.Segment first = segments.get(0);
        long rows = segments.stream().mapToLong(Shard.Segment::rows).sum();
        String out = r.outputPrefix();
        String ext = format == RecordFormat.CSV ? "csv" : "jsonl";
        return new Shard(index, r.runId(), r.bucket(), first.key(), first.sourceKey(), first.start(), first.end(),
                first.firstLine(), rows, format, header,
                r.model(), r.modelVersion(), r.clientColumn(), out + Shard.name("part", index, ext),
                out + Shard.name("quarantine", index, "jsonl"), out + "_results/" + Shard.name("shard", index, "json"),
                null, segments, null);
    }

    /** Decompresses {@code key} (pinned to {@code eTag}) to {@code stagedKey}; returns the staged copy's ETag. */
    private String stageDecompressed(String bucket, String key, String eTag, String stagedKey) {
        Path tmp = null;
        try {
            tmp = Files.createTempFile("batch-staging-", ".tmp");
            long total = 0;
            try (InputStream in = new GZIPInputStream(storage.open(bucket, key, eTag), 64 * 1024);
                 OutputStream o = Files.newOutputStream(tmp)) {
                byte[] buf = new byte[64 * 1024];
                int n;
                while ((n = in.read(buf)) > 0) {
                    total += n;
                    if (total > maxDecompressedBytes) {
                        throw new BatchInputException("s3://" + bucket + "/" + key + " decompresses to more than "
                                + maxDecompressedBytes + " bytes (BATCH_MAX_DECOMPRESSED_BYTES); split it into smaller"
                                + " files, or raise the bound together with the function's ephemeral storage");
                    }
                    o.write(buf, 0, n);
                }
            } catch (java.util.zip.ZipException | java.io.EOFException e) {
                throw new BatchInputException("s3://" + bucket + "/" + key + " is not valid gzip (" + e.getMessage()
                        + "); upload it again or drop the .gz suffix");
            }
            return storage.write(bucket, stagedKey, tmp, "application/octet-stream");
        } catch (IOException e) {
            throw new UncheckedIOException("staging " + key + ": " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // temp file; the OS cleans /tmp
                }
            }
        }
    }

    /** Deletes earlier outputs under the prefix that this plan will not rewrite, and any old _SUCCESS. */
    private void removeStale(String bucket, String out, List<Shard> shards) {
        Set<String> keep = new HashSet<>();
        for (Shard s : shards) {
            keep.add(s.partKey());
            keep.add(s.quarantineKey());
            keep.add(s.resultKey());
        }
        List<String> stale = new ArrayList<>();
        for (BatchStorage.ObjectInfo o : storage.list(bucket, out)) {
            String rest = o.key().substring(out.length());
            // a key ending in '/' is a folder marker (S3Proxy's filesystem store lists an emptied folder that way),
            // never one of our outputs
            boolean ours = !rest.endsWith("/") && (rest.startsWith("part-") || rest.startsWith("quarantine-")
                    || rest.startsWith("_results/") || rest.equals("_SUCCESS"));
            if (ours && !keep.contains(o.key())) {
                stale.add(o.key());
            }
        }
        if (!stale.isEmpty()) {
            storage.delete(bucket, stale);
        }
    }
}
