package com.anycompany.scoring.batch;

import com.anycompany.scoring.records.Json;
import com.anycompany.scoring.feature.CsvHeader;
import com.anycompany.scoring.feature.PositionalColumns;
import com.anycompany.scoring.feature.CsvRecord;
import com.anycompany.scoring.feature.JsonRecord;
import com.anycompany.scoring.feature.RecordView;
import com.anycompany.scoring.metrics.ScoringMetrics;
import com.anycompany.scoring.model.ClientModelResolver;
import com.anycompany.scoring.model.InvalidClientIdException;
import com.anycompany.scoring.model.InvalidRecordException;
import com.anycompany.scoring.model.LoadedModel;
import com.anycompany.scoring.model.ModelScope;
import com.anycompany.scoring.monitor.ClientDriftCounts;
import com.anycompany.scoring.monitor.DriftSketch;
import com.anycompany.scoring.monitor.QuarantineReasons;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The Score-shard step: reads the shard's byte range, scores every record with the client's model (the row's client
 * column) or the global one, and writes, at keys fixed by the shard index (so a retry overwrites, never duplicates):
 * <ul>
 *   <li>the part file: the input's non-feature columns (ids such as {@code employee_id}), then {@code prediction}
 *       (or {@code class_0 … class_{k-1}}), {@code model_name}, {@code model_version}, {@code model_scope}
 *       (client|global); CSV with a header, or JSON Lines, as the input;</li>
 *   <li>the quarantine file (JSON Lines): each bad row's original line, its line number in the input and the
 *       reason;</li>
 *   <li>last, the {@link ShardResult} (its presence means the two files above are complete).</li>
 * </ul>
 */
public final class ShardScorer {
    private static final ObjectMapper JSON = Json.MAPPER;

    /** Limits for one untrusted line of input, on a parser of its own (not on the shared mapper). */
    private static final Json.Limited LINE = Json.limited(StreamReadConstraints.builder().maxNestingDepth(32).build());

    /** Default S3 requests in flight per shard (segment reads, then model loads); BATCH_IO_THREADS overrides it. */
    public static final int DEFAULT_IO_THREADS = 1;

    private final BatchStorage storage;
    private final ClientModelResolver resolver;
    private final ScoringMetrics metrics;
    private final int ioThreads;
    private final ModelBundles bundles;
    private final java.util.function.Consumer<com.anycompany.scoring.model.ListedModels> useListing;

    public ShardScorer(BatchStorage storage, ClientModelResolver resolver) {
        this(storage, resolver, ScoringMetrics.NONE);
    }

    public ShardScorer(BatchStorage storage, ClientModelResolver resolver, ScoringMetrics metrics) {
        this(storage, resolver, metrics, 1);
    }

    /**
     * @param ioThreads S3 requests in flight at once: the shard's input segments are read, and its clients' models
     *                  loaded (prefetched), on up to this many threads before the rows are scored in order; 1 does
     *                  everything in line, as the rows come
     */
    public ShardScorer(BatchStorage storage, ClientModelResolver resolver, ScoringMetrics metrics, int ioThreads) {
        this(storage, resolver, metrics, ioThreads, null, null);
    }

    /**
     * @param bundles    the model bundles (null: none); with them a shard whose plan pinned one hands its run's
     *                   snapshot, with the packed bytes of its clients' models, to {@code useListing} (the
     *                   resolver's loader) for the shard's duration
     * @param useListing sets (null: clears) the loader's listing; see
     *                   {@link com.anycompany.scoring.model.ETagCheckedLoader#useListing}
     */
    public ShardScorer(BatchStorage storage, ClientModelResolver resolver, ScoringMetrics metrics, int ioThreads,
                       ModelBundles bundles,
                       java.util.function.Consumer<com.anycompany.scoring.model.ListedModels> useListing) {
        if ((bundles == null) != (useListing == null)) {
            throw new IllegalArgumentException("model bundles need the loader's listing hook, and the other way round");
        }
        this.storage = storage;
        this.resolver = resolver;
        this.metrics = metrics;
        this.ioThreads = Math.max(1, ioThreads);
        this.bundles = bundles;
        this.useListing = useListing;
    }

    /** {@code BATCH_IO_THREADS} (default {@value #DEFAULT_IO_THREADS}), a whole number from 1 to 64. */
    public static int prefetchThreadsFromEnvironment() {
        String v = com.anycompany.scoring.config.FunctionEnvironment.getOrDefault("BATCH_IO_THREADS",
                String.valueOf(DEFAULT_IO_THREADS)).trim();
        try {
            int n = Integer.parseInt(v);
            if (n >= 1 && n <= 64) {
                return n;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new IllegalStateException("BATCH_IO_THREADS must be a whole number from 1 to 64, not '" + v + "'");
    }

    public ClientModelResolver resolver() {
        return resolver;
    }

    /** The shard's result, and whether it was reused from an earlier attempt instead of scored now. */
    public record Outcome(ShardResult result, boolean reused) {
    }

    public ShardResult score(Shard shard) {
        return scoreOrReuse(shard).result();
    }

    /**
     * Reuses the result an earlier attempt wrote for this very shard of this very plan (a Step Functions retry after a
     * lost response, or a resumed run) when its part and quarantine files still carry the ETags it recorded; otherwise
     * scores the shard and writes its three files at their fixed keys.
     */
    public Outcome scoreOrReuse(Shard shard) {
        org.slf4j.MDC.put("correlation_id", shard.runId()); // the run id, on every log line of this shard
        Optional<ShardResult> earlier = verifiedEarlierResult(shard);
        if (earlier.isPresent()) {
            metrics.count("BatchShardsReused", 1);
            metrics.flush();
            return new Outcome(earlier.get(), true);
        }
        return new Outcome(scoreNow(shard), false);
    }

    private Optional<ShardResult> verifiedEarlierResult(Shard shard) {
        if (shard.planId() == null) {
            return Optional.empty();
        }
        Optional<byte[]> bytes = storage.read(shard.bucket(), shard.resultKey());
        if (bytes.isEmpty()) {
            return Optional.empty();
        }
        ShardResult r;
        try {
            r = BatchJson.read(bytes.get(), ShardResult.class, shard.resultKey());
        } catch (RuntimeException e) {
            return Optional.empty(); // unreadable (cut short): score again
        }
        if (!shard.planId().equals(r.planId()) || r.index() != shard.index() || r.plannedRows() != shard.rows()
                || !shard.partKey().equals(r.partKey()) || !shard.quarantineKey().equals(r.quarantineKey())
                || r.partETag() == null || r.quarantineETag() == null) {
            return Optional.empty();
        }
        boolean intact = storage.head(shard.bucket(), shard.partKey()).map(o -> r.partETag().equals(o.eTag()))
                .orElse(false)
                && storage.head(shard.bucket(), shard.quarantineKey()).map(o -> r.quarantineETag().equals(o.eTag()))
                .orElse(false);
        return intact ? Optional.of(r) : Optional.empty();
    }

    private ShardResult scoreNow(Shard shard) {
        long t0 = System.nanoTime();
        resolver.beginUnit(); // cached models are checked against S3 once in this shard before use
        Run run = new Run(shard);
        List<Shard.Segment> segments = shard.segments();
        List<byte[]> inputs = readAll(shard, segments);
        long readNanos = System.nanoTime() - t0;
        try {
            if (bundles != null && shard.modelBundle() != null) {
                useListing.accept(bundles.snapshot(shard.modelBundle(), shard.bucket(), shard.model(),
                        shard.modelVersion(), run.clients(inputs)));
            }
            if (ioThreads > 1) {
                run.prefetch(inputs);
            }
            for (int i = 0; i < segments.size(); i++) {
                run.scoreAll(segments.get(i), inputs.get(i));
                inputs.set(i, null);
            }
        } finally {
            if (bundles != null) {
                useListing.accept(null);
            }
        }
        long t2 = System.nanoTime();
        String partETag = storage.write(shard.bucket(), shard.partKey(), run.partBytes(),
                shard.format() == RecordFormat.CSV ? "text/csv" : "application/x-ndjson");
        String quarantineETag = storage.write(shard.bucket(), shard.quarantineKey(),
                run.quarantine.toString().getBytes(StandardCharsets.UTF_8), "application/x-ndjson");
        long t3 = System.nanoTime();
        ShardResult result = new ShardResult(shard.index(), shard.describe(), shard.rows(), run.rows, run.scored,
                run.quarantined, run.clientRows, run.globalRows, List.copyOf(run.fallbackClients),
                List.copyOf(run.clients),
                run.cacheHits, run.cacheMisses, shard.partKey(), shard.quarantineKey(), run.stats.build(),
                ms(readNanos), ms(t2 - t0 - readNanos), ms(t3 - t2), ms(System.nanoTime() - t0), shard.planId(),
                partETag, quarantineETag, run.driftCounts(), new java.util.TreeMap<>(run.reasons),
                new java.util.TreeMap<>(run.modelFallbacks));
        storage.write(shard.bucket(), shard.resultKey(), BatchJson.bytes(result), "application/json");
        metrics.count("BatchRows", result.rows());
        metrics.count("BatchScored", result.scored());
        metrics.count("BatchQuarantined", result.quarantined());
        metrics.millis("BatchShardTime", result.totalMillis());
        metrics.flush();
        return result;
    }

    /**
     * The segments' bytes, in order: consecutive segments that are adjacent ranges of one object (a packed shard's
     * staged inputs) are read with one ranged GET and cut apart; the others one GET each, on up to
     * {@link #ioThreads} threads.
     */
    private List<byte[]> readAll(Shard shard, List<Shard.Segment> segments) {
        List<List<Shard.Segment>> runs = new ArrayList<>();
        for (Shard.Segment s : segments) {
            List<Shard.Segment> last = runs.isEmpty() ? null : runs.get(runs.size() - 1);
            Shard.Segment prev = last == null ? null : last.get(last.size() - 1);
            if (prev != null && prev.key().equals(s.key()) && java.util.Objects.equals(prev.eTag(), s.eTag())
                    && prev.end() == s.start()) {
                last.add(s);
            } else {
                runs.add(new ArrayList<>(List.of(s)));
            }
        }
        List<byte[]> read = BoundedParallel.map(runs, ioThreads, run -> {
            Shard.Segment first = run.get(0);
            Shard.Segment last = run.get(run.size() - 1);
            return read(shard, new Shard.Segment(first.key(), first.sourceKey(), first.start(), last.end(),
                    first.firstLine(), 0, first.eTag()));
        });
        List<byte[]> out = new ArrayList<>(segments.size());
        for (int i = 0; i < runs.size(); i++) {
            List<Shard.Segment> run = runs.get(i);
            byte[] bytes = read.get(i);
            if (run.size() == 1) {
                out.add(bytes);
                continue;
            }
            long base = run.get(0).start();
            for (Shard.Segment s : run) {
                out.add(java.util.Arrays.copyOfRange(bytes, (int) (s.start() - base), (int) (s.end() - base)));
            }
        }
        return out;
    }

    private byte[] read(Shard shard, Shard.Segment segment) {
        byte[] bytes;
        try (InputStream in = storage.openRange(shard.bucket(), segment.key(), segment.start(), segment.end(),
                segment.eTag())) {
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new BatchStorageUnavailableException("reading " + where(shard, segment) + " failed: " + e.getMessage(),
                    e);
        }
        if (bytes.length != segment.end() - segment.start()) {
            throw new BatchStorageUnavailableException("read " + bytes.length + " bytes of " + where(shard, segment)
                    + " but the plan expects " + (segment.end() - segment.start()) + "; the input changed or the read "
                    + "was cut short", null);
        }
        return bytes;
    }

    private static long ms(long nanos) {
        return nanos / 1_000_000;
    }

    private static String where(Shard s, Shard.Segment g) {
        return "s3://" + s.bucket() + "/" + g.key() + " bytes " + g.start() + "-" + g.end();
    }

    /** The state of scoring one shard. */
    private final class Run {
        private final Shard shard;
        private Shard.Segment segment;
        private final StringBuilder part = new StringBuilder(64 * 1024);
        private final StringBuilder quarantine = new StringBuilder();
        private final Map<String, ClientModelResolver.Resolved> models = new HashMap<>();
        private final TreeSet<String> clients = new TreeSet<>();
        private final TreeSet<String> fallbackClients = new TreeSet<>();
        private final Map<String, String> modelFallbacks = new java.util.TreeMap<>();
        private final ScoreStats.Builder stats = new ScoreStats.Builder();
        private final Map<String, DriftSketch> drift = new java.util.TreeMap<>();
        private final Map<String, String> driftScope = new HashMap<>();
        private final Map<String, Long> reasons = new java.util.TreeMap<>();
        private CsvHeader header;
        private int clientIndex = -1;
        private List<String> outputColumns;
        private int[] passthrough;           // CSV: header indexes of non-feature columns
        private Set<String> featureNames;    // JSON: fields not copied
        /** CSV: per model, why the header's columns cannot feed it (header vs position), if they cannot. */
        private final Map<LoadedModel, Optional<String>> columnProblems = new IdentityHashMap<>();
        private long rows;
        private long scored;
        private long quarantined;
        private long clientRows;
        private long globalRows;
        private long cacheHits;
        private long cacheMisses;

        Run(Shard shard) {
            this.shard = shard;
            if (shard.format() == RecordFormat.CSV) {
                try {
                    header = new CsvHeader(CsvLine.parse(shard.header(), FileLimits.MAX_COLUMNS));
                } catch (CsvLine.Malformed | IllegalArgumentException e) {
                    throw new BatchInputException(shard.sourceKey() + ": the CSV header cannot be read: " + e.getMessage());
                }
                clientIndex = header.indexOf(shard.clientColumn());
            }
        }

        /** Models resolved ahead of the rows, by client key ("" = none), taken by {@link #model} at first use. */
        private final Map<String, ClientModelResolver.Resolved> prefetched = new HashMap<>();

        /**
         * Resolves the models of every client named in the shard's rows on up to {@link #ioThreads} threads, in waves,
         * until the models held reach the model cache's budget. A failure here is left to the row that meets it
         * (the same call again, in line), so rejections and retryable errors are exactly those of in-line loading.
         */
        void prefetch(List<byte[]> inputs) {
            List<String> all = new ArrayList<>(clients(inputs));
            long budget = resolver.cache().budgetBytes();
            long held = 0;
            int wave = ioThreads * 4;
            for (int from = 0; from < all.size() && held < budget; from += wave) {
                List<String> part = all.subList(from, Math.min(all.size(), from + wave));
                List<ClientModelResolver.Resolved> got = BoundedParallel.map(part, ioThreads, key -> {
                    try {
                        return resolver.resolve(shard.model(), shard.modelVersion(), key.isEmpty() ? null : key);
                    } catch (RuntimeException e) {
                        return null; // met again, and reported, by the row that needs it
                    }
                });
                java.util.Set<LoadedModel> counted = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
                for (int i = 0; i < part.size(); i++) {
                    ClientModelResolver.Resolved r = got.get(i);
                    if (r != null) {
                        prefetched.put(part.get(i), r);
                        if (counted.add(r.model())) {
                            held += com.anycompany.scoring.model.ModelCache.footprint(r.model());
                        }
                    }
                }
            }
        }

        /** The client keys of the shard's rows ("" = none), first seen first; computed once. */
        private java.util.Set<String> clientKeys;

        java.util.Set<String> clients(List<byte[]> inputs) {
            if (clientKeys == null) {
                java.util.LinkedHashSet<String> keys = new java.util.LinkedHashSet<>();
                for (byte[] input : inputs) {
                    collectClients(input, keys);
                }
                clientKeys = keys;
            }
            return clientKeys;
        }

        /** The client keys of a segment's rows, first seen first; rows that do not parse are skipped here. */
        private void collectClients(byte[] bytes, java.util.Set<String> keys) {
            String[] last = {null};
            forEachRecord(bytes, 0, (start, stop, line) -> {
                if (stop - start <= FileLimits.MAX_LINE_BYTES) {
                    String key = clientKey(new String(bytes, start, stop - start, StandardCharsets.UTF_8));
                    if (key != null && !key.equals(last[0])) {
                        keys.add(key);
                        last[0] = key;
                    }
                }
            });
        }

        private String clientKey(String text) {
            try {
                if (shard.format() == RecordFormat.CSV) {
                    List<String> cells = CsvLine.parse(text, FileLimits.MAX_COLUMNS);
                    if (cells.size() != header.size()) {
                        return null;
                    }
                    return clientIndex < 0 ? "" : cells.get(clientIndex).trim();
                }
                JsonNode node = JSON.readTree(text);
                if (node == null || !node.isObject()) {
                    return null;
                }
                JsonNode c = node.get(shard.clientColumn());
                return c == null || c.isNull() ? "" : c.asText().trim();
            } catch (CsvLine.Malformed | JsonProcessingException e) {
                return null;
            }
        }

        void scoreAll(Shard.Segment segment, byte[] bytes) {
            this.segment = segment;
            forEachRecord(bytes, segment.firstLine(), (start, stop, line) -> {
                rows++;
                if (stop - start > FileLimits.MAX_LINE_BYTES) {
                    reject(line, new String(bytes, start, 200, StandardCharsets.UTF_8) + "…",
                            "longer than " + FileLimits.MAX_LINE_BYTES + " bytes");
                } else {
                    scoreLine(line, new String(bytes, start, stop - start, StandardCharsets.UTF_8));
                }
            });
        }

        private void scoreLine(long line, String text) {
            String label = "line " + line;
            RecordView record;
            String clientId;
            JsonNode node = null;
            List<String> cells = null;
            if (shard.format() == RecordFormat.CSV) {
                try {
                    cells = CsvLine.parse(text, FileLimits.MAX_COLUMNS);
                } catch (CsvLine.Malformed e) {
                    reject(line, text, e.getMessage());
                    return;
                }
                if (cells.size() != header.size()) {
                    reject(line, text, "has " + cells.size() + " cells but the header has " + header.size()
                            + " columns " + header.names());
                    return;
                }
                record = new CsvRecord(header, cells);
                clientId = clientIndex < 0 ? null : cells.get(clientIndex).trim();
            } else {
                try {
                    node = LINE.readTree(text);
                } catch (JsonProcessingException e) {
                    reject(line, text, "not JSON (" + com.anycompany.scoring.privacy.Redaction.jsonLocation(e) + ")");
                    return;
                }
                if (node == null || !node.isObject()) {
                    reject(line, text, "not a JSON object");
                    return;
                }
                record = new JsonRecord(node);
                JsonNode c = node.get(shard.clientColumn());
                clientId = c == null || c.isNull() ? null : c.asText().trim();
            }
            ClientModelResolver.Resolved resolved;
            try {
                resolved = model(clientId);
            } catch (InvalidClientIdException e) {
                reject(line, text, "'" + shard.clientColumn() + "': " + e.getMessage());
                return;
            }
            if (header != null) {
                Optional<String> problem = columnProblems.computeIfAbsent(resolved.model(), m -> Optional.ofNullable(
                        PositionalColumns.mismatch(header.names(), m.schema().names(), m.card().ref().toString())));
                if (problem.isPresent()) {
                    reject(line, text, problem.get());
                    return;
                }
            }
            float[] row;
            try {
                row = resolved.model().schema().map(record, label);
            } catch (InvalidRecordException e) {
                reject(line, text, e.getMessage());
                return;
            }
            float[] out = resolved.model().predict(row);
            String driftKey = clientId == null ? "" : clientId;
            DriftSketch sketch = drift.get(driftKey);
            if (sketch == null) {
                sketch = new DriftSketch(resolved.model().card());
                drift.put(driftKey, sketch);
                driftScope.put(driftKey, resolved.scope().label());
            }
            sketch.observe(row);
            sketch.observeScore(out[0]);
            if (outputColumns == null) {
                columnsFrom(resolved.model());
            }
            if (shard.format() == RecordFormat.CSV) {
                writeCsv(cells, out, resolved);
            } else {
                writeJson((ObjectNode) node, out, resolved);
            }
            scored++;
            stats.add(out[0]);
            if (resolved.scope() == ModelScope.CLIENT) {
                clientRows++;
            } else {
                globalRows++;
            }
        }

        private ClientModelResolver.Resolved model(String clientId) {
            String key = clientId == null || clientId.isEmpty() ? "" : clientId;
            ClientModelResolver.Resolved r = models.get(key);
            if (r == null) {
                r = prefetched.remove(key);
                if (r == null) {
                    r = resolver.resolve(shard.model(), shard.modelVersion(), key.isEmpty() ? null : key);
                }
                models.put(key, r);
                if (r.cacheHit()) {
                    cacheHits++;
                } else {
                    cacheMisses++;
                }
                if (!key.isEmpty()) {
                    clients.add(key);
                    if (r.scope() == ModelScope.GLOBAL) {
                        fallbackClients.add(key);
                        if (r.fallbackReason() != null) {
                            modelFallbacks.put(key, r.fallbackReason());
                        }
                    }
                }
            }
            return r;
        }

        private void columnsFrom(LoadedModel model) {
            int k = model.compiled().numOutputs();
            List<String> predictionColumns = new ArrayList<>();
            if (k == 1) {
                predictionColumns.add("prediction");
            } else {
                for (int i = 0; i < k; i++) {
                    predictionColumns.add("class_" + i);
                }
            }
            featureNames = new HashSet<>(model.card().featureNames());
            List<String> cols = new ArrayList<>();
            if (header != null) {
                List<Integer> keep = new ArrayList<>();
                for (int i = 0; i < header.size(); i++) {
                    if (!featureNames.contains(header.names().get(i))) {
                        keep.add(i);
                        cols.add(header.names().get(i));
                    }
                }
                passthrough = keep.stream().mapToInt(Integer::intValue).toArray();
            }
            cols.addAll(predictionColumns);
            cols.addAll(List.of("model_name", "model_version", "model_scope"));
            outputColumns = cols;
        }

        private void writeCsv(List<String> cells, float[] out, ClientModelResolver.Resolved r) {
            for (int idx : passthrough) {
                CsvLine.append(part, cells.get(idx));
                part.append(',');
            }
            for (float v : out) {
                part.append(Float.toString(v)).append(',');
            }
            CsvLine.append(part, r.model().card().name());
            part.append(',');
            CsvLine.append(part, r.model().card().version());
            part.append(',').append(r.scope().label()).append('\n');
        }

        private void writeJson(ObjectNode in, float[] out, ClientModelResolver.Resolved r) {
            ObjectNode o = JSON.createObjectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = in.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                if (!featureNames.contains(f.getKey())) {
                    o.set(f.getKey(), f.getValue());
                }
            }
            if (out.length == 1) {
                o.put("prediction", out[0]);
            } else {
                for (int i = 0; i < out.length; i++) {
                    o.put("class_" + i, out[i]);
                }
            }
            o.put("model_name", r.model().card().name());
            o.put("model_version", r.model().card().version());
            o.put("model_scope", r.scope().label());
            try {
                part.append(JSON.writeValueAsString(o)).append('\n');
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }

        List<ClientDriftCounts> driftCounts() {
            List<ClientDriftCounts> out = new ArrayList<>(drift.size());
            drift.forEach((client, sketch) -> out.add(new ClientDriftCounts(client, driftScope.get(client),
                    sketch.snapshot())));
            return out;
        }

        private void reject(long line, String original, String reason) {
            quarantined++;
            QuarantineReasons.count(reasons, reason);
            ObjectNode q = JSON.createObjectNode();
            q.put("source", segment.sourceKey());
            q.put("line", line);
            q.put("reason", reason.startsWith("line ") ? reason : "line " + line + ": " + reason);
            q.put("original", original);
            try {
                quarantine.append(JSON.writeValueAsString(q)).append('\n');
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }

        byte[] partBytes() {
            if (shard.format() == RecordFormat.JSON_LINES) {
                return part.toString().getBytes(StandardCharsets.UTF_8);
            }
            StringBuilder all = new StringBuilder(part.length() + 256);
            if (outputColumns == null) {
                // nothing scored: the header still names the columns a scored row would have had
                all.append(String.join(",", header.names())).append(",prediction,model_name,model_version,model_scope");
            } else {
                for (int i = 0; i < outputColumns.size(); i++) {
                    if (i > 0) {
                        all.append(',');
                    }
                    CsvLine.append(all, outputColumns.get(i));
                }
            }
            all.append('\n').append(part);
            return all.toString().getBytes(StandardCharsets.UTF_8);
        }
    }

    /** A record: bytes {@code start} to {@code stop} (no line end) on physical line {@code line}. */
    private interface RecordVisitor {
        void record(int start, int stop, long line);
    }

    /** Calls {@code v} for every non-blank line (a record), numbering physical lines from {@code firstLine}. */
    private static void forEachRecord(byte[] bytes, long firstLine, RecordVisitor v) {
        long line = firstLine;
        int start = 0;
        int n = bytes.length;
        while (start < n) {
            int end = start;
            while (end < n && bytes[end] != '\n') {
                end++;
            }
            int stop = end > start && bytes[end - 1] == '\r' ? end - 1 : end;
            if (!isBlank(bytes, start, stop)) {
                v.record(start, stop, line);
            }
            line++;
            start = end + 1;
        }
    }

    private static boolean isBlank(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            byte c = b[i];
            if (c != ' ' && c != '\t' && c != '\r') {
                return false;
            }
        }
        return true;
    }
}
