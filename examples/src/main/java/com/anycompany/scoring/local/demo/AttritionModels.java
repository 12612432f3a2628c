package com.anycompany.scoring.local.demo;

import com.anycompany.scoring.local.xgb.XgbTrainer;
import com.anycompany.scoring.model.ArtifactInfo;
import com.anycompany.scoring.model.FeatureSpec;
import com.anycompany.scoring.model.Hashing;
import com.anycompany.scoring.model.ModelCard;
import com.anycompany.scoring.model.ModelCards;
import com.anycompany.scoring.model.ModelRef;
import com.anycompany.scoring.model.OutputSpec;
import com.anycompany.scoring.model.S3ModelStore;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Trains and publishes the attrition models of a {@link SyntheticWorkforce}: one small model per client that has one
 * (20 trees of depth 3 on its 50-200 history rows) under {@code models/attrition/clients/<id>/<version>/}, and a
 * global model on a sample of every client's history under {@code models/attrition/<version>/}. A version whose card
 * already says the same seed is not trained again (the local S3 keeps them between demo runs).
 */
public final class AttritionModels {
    public static final String NAME = "attrition";
    public static final int CLIENT_TREES = 20;
    public static final int CLIENT_DEPTH = 3;

    /** What {@link #publish} did. */
    public record Published(int trained, int reused, int clientModels, long millis) {
    }

    /** An artifact and its card. */
    public record Trained(byte[] artifact, String fileName, ModelCard card) {
    }

    private AttritionModels() {
    }

    public static int historyRows(SyntheticWorkforce.Client c) {
        return Math.max(50, Math.min(200, c.employees() * 2));
    }

    public static Trained trainClient(SyntheticWorkforce w, SyntheticWorkforce.Client c, String version) {
        List<SyntheticWorkforce.Employee> rows = w.history(c, historyRows(c));
        return train(rows, new ModelRef(NAME, version, c.id()), CLIENT_TREES, CLIENT_DEPTH, w.seed());
    }

    public static Trained trainGlobal(SyntheticWorkforce w, String version) {
        List<SyntheticWorkforce.Employee> rows = new ArrayList<>();
        for (SyntheticWorkforce.Client c : w.clients()) {
            rows.addAll(w.history(c, 20));
        }
        return train(rows, ModelRef.of(NAME, version), 60, 4, w.seed());
    }

    private static Trained train(List<SyntheticWorkforce.Employee> rows, ModelRef ref, int trees, int depth, long seed) {
        float[][] x = new float[rows.size()][];
        float[] y = new float[rows.size()];
        int positives = 0;
        for (int i = 0; i < rows.size(); i++) {
            x[i] = rows.get(i).features();
            y[i] = rows.get(i).left() ? 1 : 0;
            positives += rows.get(i).left() ? 1 : 0;
        }
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("objective", "binary:logistic");
        params.put("eta", 0.3);
        params.put("max_depth", depth);
        params.put("min_child_weight", 1);
        params.put("seed", seed);
        params.put("nthread", 1);
        List<String> names = SyntheticWorkforce.FEATURES.stream().map(FeatureSpec::name).toList();
        byte[] artifact = XgbTrainer.train(x, y, names, params, trees, "json");
        Map<String, Object> training = new LinkedHashMap<>();
        training.put("rows", rows.size());
        training.put("seed", seed);
        training.put("trees", trees);
        training.put("maxDepth", depth);
        training.put("attritionRate", Math.round(positives * 10000.0 / rows.size()) / 10000.0);
        training.put("source", "SyntheticWorkforce (local demo data)");
        OutputSpec output = new OutputSpec("probability", "probability that the employee leaves within 12 months",
                0.5, "AT_RISK", "STABLE", null);
        ArtifactInfo info = new ArtifactInfo("model.json", "json", Hashing.sha256Hex(artifact), artifact.length);
        ModelCard card = com.anycompany.scoring.model.TrainingBaselines.apply(new ModelCard(NAME, ref.version(),
                ref.clientId(), "binary:logistic", output, SyntheticWorkforce.FEATURES, info, Instant.now().toString(),
                training), x, new com.anycompany.scoring.engine.JavaEngine().compile(
                new com.anycompany.scoring.model.ModelArtifact("attrition training", artifact)));
        return new Trained(artifact, "model.json", card);
    }

    /**
     * Publishes the global model and every client model that is missing or was trained with another seed, training
     * on {@code threads} threads.
     */
    public static Published publish(S3ModelStore store, SyntheticWorkforce w, String version, int threads,
            java.util.function.IntConsumer progress) throws InterruptedException {
        long start = System.nanoTime();
        AtomicInteger trained = new AtomicInteger();
        AtomicInteger reused = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        if (!current(store, ModelRef.of(NAME, version), w.seed())) {
            Trained g = trainGlobal(w, version);
            new com.anycompany.scoring.rollout.GoldenStore(store.s3(), store.bucket()).put(g.card().ref(),
                    golden(g, w, 100));
            store.publish(g.card(), g.artifact(), g.fileName());
            trained.incrementAndGet();
        } else {
            reused.incrementAndGet();
        }
        List<SyntheticWorkforce.Client> withModel = w.clients().stream().filter(SyntheticWorkforce.Client::hasModel)
                .toList();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (SyntheticWorkforce.Client c : withModel) {
                fs.add(pool.submit(() -> {
                    ModelRef ref = new ModelRef(NAME, version, c.id());
                    if (current(store, ref, w.seed())) {
                        reused.incrementAndGet();
                    } else {
                        Trained t = trainClient(w, c, version);
                        store.publish(t.card(), t.artifact(), t.fileName());
                        trained.incrementAndGet();
                    }
                    if (progress != null) {
                        progress.accept(done.incrementAndGet());
                    }
                    return null;
                }));
            }
            for (Future<?> f : fs) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new IllegalStateException("publishing attrition models failed: " + e.getCause().getMessage(),
                            e.getCause());
                }
            }
        } finally {
            pool.shutdownNow();
        }
        return new Published(trained.get(), reused.get(), withModel.size(), (System.nanoTime() - start) / 1_000_000);
    }

    /**
     * The golden set to publish beside the global model (the pre-traffic gate of the shard scorer): {@code rows}
     * employees of this month's snapshots and the outputs the version gives, with the pure-Java engine.
     */
    public static com.anycompany.scoring.rollout.GoldenSet golden(Trained trained, SyntheticWorkforce w, int rows) {
        var compiled = new com.anycompany.scoring.engine.JavaEngine()
                .compile(new com.anycompany.scoring.model.ModelArtifact("golden", trained.artifact()));
        var model = com.anycompany.scoring.model.LoadedModel.bind(trained.card(), compiled, "golden");
        List<com.anycompany.scoring.feature.RecordView> records = new ArrayList<>();
        for (SyntheticWorkforce.Client c : w.clients()) {
            for (SyntheticWorkforce.Employee e : w.history(c, Math.max(5, -Math.floorDiv(-rows, w.clients().size())))) {
                if (records.size() >= rows) {
                    break;
                }
                float[] x = e.features();
                records.add(field -> {
                    for (int i = 0; i < SyntheticWorkforce.FEATURES.size(); i++) {
                        if (SyntheticWorkforce.FEATURES.get(i).name().equals(field)) {
                            return Float.isNaN(x[i]) ? null : (Object) (double) x[i];
                        }
                    }
                    return null;
                });
            }
        }
        return com.anycompany.scoring.rollout.GoldenSet.generate(model, records, rows);
    }

    /** True when the version's card exists and was trained with this seed. */
    static boolean current(S3ModelStore store, ModelRef ref, long seed) {
        var card = store.get(ref.prefix() + "card.json").map(b -> ModelCards.parse(store.location(ref), b));
        if (card.isEmpty()) {
            return false;
        }
        Object stored = card.get().training().get("seed");
        if (!Objects.equals(String.valueOf(stored), String.valueOf(seed))) {
            throw new IllegalStateException(ref + " is already published from seed " + stored + " (versions are "
                    + "immutable); use that seed, or clear the local state with ./scoring reset");
        }
        return true;
    }
}
