package com.anycompany.scoring.advisor;

import com.anycompany.scoring.records.Json;
import com.anycompany.scoring.engine.CompiledModel;
import com.anycompany.scoring.engine.JavaEngine;
import com.anycompany.scoring.feature.JsonRecord;
import com.anycompany.scoring.model.ArtifactFileNames;
import com.anycompany.scoring.model.ArtifactInfo;
import com.anycompany.scoring.model.CardDeriver;
import com.anycompany.scoring.model.FeatureSpec;
import com.anycompany.scoring.model.FeatureType;
import com.anycompany.scoring.model.Hashing;
import com.anycompany.scoring.model.LoadedModel;
import com.anycompany.scoring.model.ModelArtifact;
import com.anycompany.scoring.model.ModelCard;
import com.anycompany.scoring.model.ModelCards;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;

/**
 * Measures a model's CPU time per record with the product's own engine ({@link JavaEngine}) on this machine: the model
 * is the profile's artifact, or a generated forest of the profile's shape ({@link SyntheticForest}); records are JSON
 * objects like the ones the functions receive. After a warm-up (JIT), it times many invocations of
 * {@code recordsPerInvocation} records, each parsed with Jackson, mapped by the card's {@code FeatureSchema} and
 * predicted, exactly the work a handler does per record. Times are the thread's CPU time, so other processes sharing
 * the machine do not inflate them.
 */
public final class CpuMeter {
    private static final ObjectMapper JSON = Json.MAPPER;
    private static final long SEED = 20261125L;
    private static final int DISTINCT_RECORDS = 4096;
    /** Records scored in warm-up at least, whatever the time (so the JIT has compiled the scoring path). */
    public static final long MIN_WARMUP_RECORDS = 20_000;

    private final long warmupMillis;
    private final long measureMillis;
    private final long minWarmupRecords;

    /** @param warmupMillis time spent warming up; @param measureMillis time spent measuring (CPU time) */
    public CpuMeter(long warmupMillis, long measureMillis) {
        this(warmupMillis, measureMillis, MIN_WARMUP_RECORDS);
    }

    public CpuMeter(long warmupMillis, long measureMillis, long minWarmupRecords) {
        if (warmupMillis < 0 || measureMillis <= 0 || minWarmupRecords < 0) {
            throw new IllegalArgumentException("warm-up must be >= 0 ms and measurement > 0 ms");
        }
        this.warmupMillis = warmupMillis;
        this.measureMillis = measureMillis;
        this.minWarmupRecords = minWarmupRecords;
    }

    /**
     * Measures the profile's model. {@code baseDir} resolves a relative {@code model.artifact}. Returns a "given"
     * measurement for a model the engine cannot run (no tree shape or artifact, time given in the profile).
     */
    public Measurement measure(ModelProfile profile, Path baseDir, int recordsPerInvocation) {
        ModelProfile.ModelSize m = profile.model();
        if (m.artifact().isEmpty() && !m.treeModel()) {
            return Measurement.given(profile.processing().secondsPerRequest().orElseThrow(),
                    "not a tree model: processing.seconds_per_request from the profile");
        }
        Subject subject = m.artifact().isPresent() ? fromArtifact(baseDir.resolve(m.artifact().get()))
                : generated(m.trees(), m.depth(), m.features());
        return measure(subject, recordsPerInvocation);
    }

    /** A model to time: its bytes (to time loading), the loaded model, and what to call it. */
    public record Subject(String description, byte[] artifact, LoadedModel model) {
    }

    public static Subject generated(int trees, int depth, int features) {
        byte[] json = SyntheticForest.json(trees, depth, features, SEED);
        LoadedModel model = load("generated forest", json, Optional.empty());
        return new Subject(String.format(Locale.ROOT, "generated forest: %d trees x depth %d x %d features",
                trees, depth, features), json, model);
    }

    public static Subject fromArtifact(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ProfileException("model.artifact " + file + ": no such file");
        } catch (IOException e) {
            throw new UncheckedIOException("model.artifact " + file + ": " + e.getMessage(), e);
        }
        Path card = file.toAbsolutePath().getParent().resolve("card.json");
        Optional<ModelCard> parsed = Optional.empty();
        if (Files.isRegularFile(card)) {
            try {
                parsed = Optional.of(ModelCards.parse(card.toString(), Files.readAllBytes(card)));
            } catch (IOException e) {
                throw new UncheckedIOException(card + ": " + e.getMessage(), e);
            }
        }
        return new Subject("artifact " + file.getFileName(), bytes, load(file.toString(), bytes, parsed));
    }

    private static LoadedModel load(String source, byte[] bytes, Optional<ModelCard> card) {
        CompiledModel compiled = new JavaEngine().compile(new ModelArtifact(source, bytes));
        String file = source.contains("/") ? source.substring(source.lastIndexOf('/') + 1) : "model.json";
        ModelCard c = card.orElseGet(() -> CardDeriver.derive("advisor", "0", compiled,
                new ArtifactInfo(ArtifactFileNames.canonicalName(file, bytes), ArtifactFileNames.formatOf(file, bytes),
                        Hashing.sha256Hex(bytes), bytes.length)));
        return LoadedModel.bind(c, compiled, source);
    }

    public Measurement measure(Subject subject, int recordsPerInvocation) {
        if (recordsPerInvocation < 1) {
            throw new IllegalArgumentException("records per invocation must be at least 1");
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        boolean cpuClock = threads.isCurrentThreadCpuTimeSupported();
        if (cpuClock && !threads.isThreadCpuTimeEnabled()) {
            threads.setThreadCpuTimeEnabled(true);
        }
        LoadedModel model = subject.model();
        String[] records = records(model.card().features(), DISTINCT_RECORDS);
        float[] row = new float[model.compiled().numFeatures()];
        float[] out = new float[model.compiled().numOutputs()];

        double loadMs = modelLoadMs(subject, cpuClock, threads);

        // Warm-up: both timed paths, for the time given and at least minWarmupRecords records (JIT compilation).
        long warmEnd = System.nanoTime() + warmupMillis * 1_000_000L;
        int cursor = 0;
        double sink = 0;
        for (long n = 0; System.nanoTime() < warmEnd || n < minWarmupRecords; n += 64) {
            for (int i = 0; i < 64; i++) {
                sink += scoreOne(model, records[cursor++ & (DISTINCT_RECORDS - 1)], row, out, (i & 1) == 0);
            }
        }

        // Each round times one invocation (recordsPerInvocation records parsed, mapped and predicted) and then the
        // baseline (as many records parsed and mapped only), so both see the same machine state.
        List<Long> invocationNanos = new ArrayList<>(1 << 14);
        long budget = measureMillis * 1_000_000L;
        long spent = 0;
        long records0 = 0;
        long baseSpent = 0;
        while (spent < budget || invocationNanos.size() < 20) {
            long t0 = now(cpuClock, threads);
            for (int i = 0; i < recordsPerInvocation; i++) {
                sink += scoreOne(model, records[cursor++ & (DISTINCT_RECORDS - 1)], row, out, true);
            }
            long t1 = now(cpuClock, threads);
            for (int i = 0; i < recordsPerInvocation; i++) {
                sink += scoreOne(model, records[cursor++ & (DISTINCT_RECORDS - 1)], row, out, false);
            }
            long t2 = now(cpuClock, threads);
            invocationNanos.add(t1 - t0);
            spent += t1 - t0;
            baseSpent += t2 - t1;
            records0 += recordsPerInvocation;
        }
        long baseRecords = records0;
        if (sink == 42.4242) {
            System.err.print("");
        }
        long[] sorted = invocationNanos.stream().mapToLong(Long::longValue).sorted().toArray();
        double cpuMsPerRecord = spent / 1e6 / records0;
        double parseMapUs = baseSpent / 1e3 / baseRecords;
        double predictUs = Math.max(0, cpuMsPerRecord * 1000 - parseMapUs);
        String machine = String.format(Locale.ROOT, "%s, %d cores, Java %s", System.getProperty("os.arch"),
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        return new Measurement("measured", subject.description(), subject.artifact().length / 1e6,
                recordsPerInvocation, cpuMsPerRecord, percentile(sorted, 0.50) / 1e6, percentile(sorted, 0.99) / 1e6,
                parseMapUs, predictUs, loadMs, sorted.length, cpuClock ? "thread CPU time" : "wall clock", machine);
    }

    private static double modelLoadMs(Subject subject, boolean cpuClock, ThreadMXBean threads) {
        long best = Long.MAX_VALUE;
        int rounds = subject.artifact().length > 20_000_000 ? 1 : 3;
        for (int i = 0; i < rounds; i++) {
            long t0 = now(cpuClock, threads);
            new JavaEngine().compile(new ModelArtifact("advisor", subject.artifact()));
            best = Math.min(best, now(cpuClock, threads) - t0);
        }
        return best / 1e6;
    }

    private static double scoreOne(LoadedModel model, String json, float[] row, float[] out, boolean predict) {
        JsonNode node;
        try {
            node = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("generated record does not parse: " + e.getMessage(), e);
        }
        model.schema().map(new JsonRecord(node), "record", row);
        if (!predict) {
            return row[0];
        }
        model.compiled().predict(row, out);
        return out[0];
    }

    private static long now(boolean cpuClock, ThreadMXBean threads) {
        return cpuClock ? threads.getCurrentThreadCpuTime() : System.nanoTime();
    }

    static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int i = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    /** JSON records for the card's features: values inside each feature's range, 5% of optional ones missing. */
    static String[] records(List<FeatureSpec> features, int n) {
        Random rnd = new Random(SEED);
        String[] out = new String[n];
        for (int r = 0; r < n; r++) {
            ObjectNode o = JSON.createObjectNode();
            o.put("transaction_id", "t-" + r);
            for (FeatureSpec f : features) {
                if (!f.required() && rnd.nextDouble() < 0.05) {
                    continue;
                }
                double lo = f.min() != null ? f.min() : 0;
                double hi = f.max() != null ? f.max() : Math.max(lo + 1, 1);
                double v = lo + rnd.nextDouble() * (hi - lo);
                if (f.type() == FeatureType.BOOL) {
                    o.put(f.name(), rnd.nextBoolean());
                } else if (f.type() == FeatureType.INT) {
                    o.put(f.name(), Math.round(Math.min(hi, Math.max(lo, v))));
                } else {
                    o.put(f.name(), Math.round(v * 1000) / 1000.0);
                }
            }
            out[r] = o.toString();
        }
        return out;
    }

}
