package com.anycompany.scoring.local.demo;

import com.anycompany.scoring.engine.CompiledModel;
import com.anycompany.scoring.engine.JavaEngine;
import com.anycompany.scoring.local.xgb.XgbTrainer;
import com.anycompany.scoring.model.ArtifactInfo;
import com.anycompany.scoring.model.FeatureSpec;
import com.anycompany.scoring.model.Hashing;
import com.anycompany.scoring.model.ModelArtifact;
import com.anycompany.scoring.model.ModelCard;
import com.anycompany.scoring.model.OutputSpec;
import com.anycompany.scoring.model.TrainingBaselines;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Trains the payroll fraud model on {@link SyntheticPayroll} data with xgboost4j (fixed seed) and writes its card:
 * feature schema with ranges and training baselines, and a decision threshold chosen for the best F1 on a holdout.
 */
public final class FraudModelBuilder {
    /** An artifact and the card that describes it. */
    public record Trained(byte[] artifact, String fileName, ModelCard card) {
    }

    private FraudModelBuilder() {
    }

    public static Trained train(String version, int rows, long seed) {
        return train(version, rows, seed, false);
    }

    /**
     * @param shuffleLabels train on labels shuffled across rows: a measurably worse model (holdout AUC near 0.5),
     *                      for rollout rehearsals and gate tests
     */
    public static Trained train(String version, int rows, long seed, boolean shuffleLabels) {
        SyntheticPayroll data = new SyntheticPayroll(seed);
        List<SyntheticPayroll.Tx> all = data.transactions(rows, "train-");
        int split = rows * 4 / 5;
        List<SyntheticPayroll.Tx> train = all.subList(0, split);
        List<SyntheticPayroll.Tx> holdout = all.subList(split, rows);
        float[][] x = SyntheticPayroll.matrix(train);
        float[] y = SyntheticPayroll.labels(train);
        if (shuffleLabels) {
            java.util.SplittableRandom r = new java.util.SplittableRandom(seed ^ 0x5DEECE66DL);
            for (int i = y.length - 1; i > 0; i--) {
                int j = r.nextInt(i + 1);
                float t = y[i];
                y[i] = y[j];
                y[j] = t;
            }
        }
        List<String> names = SyntheticPayroll.FEATURES.stream().map(FeatureSpec::name).toList();

        Map<String, Object> params = new LinkedHashMap<>();
        params.put("objective", "binary:logistic");
        params.put("eta", 0.1);
        params.put("max_depth", 6);
        params.put("subsample", 0.9);
        params.put("colsample_bytree", 0.9);
        params.put("min_child_weight", 2);
        params.put("eval_metric", "auc");
        params.put("seed", seed);
        params.put("nthread", 1);
        int rounds = 300;
        byte[] artifact = XgbTrainer.train(x, y, names, params, rounds, "json");

        CompiledModel model = new JavaEngine().compile(new ModelArtifact("fraud training", artifact));
        float[][] hx = SyntheticPayroll.matrix(holdout);
        float[] hy = SyntheticPayroll.labels(holdout);
        float[] scores = new float[hx.length];
        float[] out = new float[1];
        for (int i = 0; i < hx.length; i++) {
            model.predict(hx[i], out);
            scores[i] = out[0];
        }
        double threshold = bestF1Threshold(scores, hy);

        Map<String, Object> training = new LinkedHashMap<>();
        training.put("rows", train.size());
        training.put("holdoutRows", holdout.size());
        training.put("seed", seed);
        training.put("rounds", rounds);
        training.put("fraudRate", mean(y));
        training.put("holdoutAuc", auc(scores, hy));
        training.put("source", "SyntheticPayroll (local demo data)");
        OutputSpec output = new OutputSpec("probability", "probability that the payroll transaction is fraudulent",
                threshold, "REVIEW", "APPROVE", null);
        ArtifactInfo info = new ArtifactInfo("model.json", "json", Hashing.sha256Hex(artifact), artifact.length);
        // the training baseline: feature bins, missing rates, ranges, categories; the score distribution
        ModelCard card = TrainingBaselines.apply(new ModelCard("fraud", version, null, "binary:logistic", output,
                SyntheticPayroll.FEATURES, info, Instant.now().toString(), training), x, model);
        return new Trained(artifact, "model.json", card);
    }

    /**
     * The golden set to publish with a trained version: {@code rows} fresh synthetic transactions (seeded) and the
     * outputs the version gives for them, computed with the pure-Java engine the functions use.
     */
    public static com.anycompany.scoring.rollout.GoldenSet golden(Trained trained, int rows, long seed) {
        CompiledModel compiled = new JavaEngine().compile(new ModelArtifact("golden", trained.artifact()));
        com.anycompany.scoring.model.LoadedModel model = com.anycompany.scoring.model.LoadedModel.bind(trained.card(),
                compiled, "golden");
        List<com.anycompany.scoring.feature.RecordView> records = new ArrayList<>();
        for (SyntheticPayroll.Tx tx : new SyntheticPayroll(seed).transactions(rows, "golden-")) {
            records.add(tx.fields()::get);
        }
        return com.anycompany.scoring.rollout.GoldenSet.generate(model, records, rows);
    }

    static double bestF1Threshold(float[] scores, float[] y) {
        double best = 0.5;
        double bestF1 = -1;
        for (int t = 5; t <= 95; t++) {
            double th = t / 100.0;
            int tp = 0;
            int fp = 0;
            int fn = 0;
            for (int i = 0; i < scores.length; i++) {
                boolean flag = scores[i] >= th;
                boolean pos = y[i] > 0.5f;
                if (flag && pos) {
                    tp++;
                } else if (flag) {
                    fp++;
                } else if (pos) {
                    fn++;
                }
            }
            double f1 = tp == 0 ? 0 : 2.0 * tp / (2.0 * tp + fp + fn);
            if (f1 > bestF1) {
                bestF1 = f1;
                best = th;
            }
        }
        return best;
    }

    static double auc(float[] scores, float[] y) {
        long pos = 0;
        long neg = 0;
        Integer[] idx = new Integer[scores.length];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        java.util.Arrays.sort(idx, (a, b) -> Float.compare(scores[a], scores[b]));
        double rankSum = 0;
        for (int i = 0; i < idx.length; i++) {
            if (y[idx[i]] > 0.5f) {
                pos++;
                rankSum += i + 1;
            } else {
                neg++;
            }
        }
        if (pos == 0 || neg == 0) {
            return Double.NaN;
        }
        return Math.round((rankSum - pos * (pos + 1) / 2.0) / (pos * (double) neg) * 10000) / 10000.0;
    }

    private static double mean(float[] y) {
        double s = 0;
        for (float v : y) {
            s += v;
        }
        return Math.round(s / y.length * 10000) / 10000.0;
    }
}
