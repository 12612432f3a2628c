package com.anycompany.scoring.local.demo;

import com.anycompany.scoring.engine.JavaEngine;
import com.anycompany.scoring.feature.RecordView;
import com.anycompany.scoring.local.xgb.XgbTrainer;
import com.anycompany.scoring.model.ArtifactInfo;
import com.anycompany.scoring.model.FeatureSpec;
import com.anycompany.scoring.model.FeatureType;
import com.anycompany.scoring.model.Hashing;
import com.anycompany.scoring.model.LoadedModel;
import com.anycompany.scoring.model.MissingRule;
import com.anycompany.scoring.model.ModelArtifact;
import com.anycompany.scoring.model.ModelCard;
import com.anycompany.scoring.model.OutputSpec;
import com.anycompany.scoring.rollout.GoldenSet;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The salary-benchmark model: a regression (reg:squarederror) of annual base salary in USD on job and employee
 * features, trained with xgboost4j (fixed seed) on a deterministic synthetic market. HR analysts ask it "what does the
 * market pay for this profile?", and its TreeSHAP reasons say which features raised the figure. The features carry no
 * age, gender or other protected attribute, and no current salary.
 */
public final class SalaryModelBuilder {
    public static final String NAME = "salary";
    public static final int TREES = 120;
    public static final int DEPTH = 5;
    public static final List<FeatureSpec> FEATURES = List.of(
            spec("job_level", FeatureType.INT, true, 1.0, 10.0),
            spec("years_experience", FeatureType.INT, true, 0.0, 50.0),
            spec("tenure_months", FeatureType.INT, true, 0.0, 600.0),
            spec("performance_rating", FeatureType.INT, false, 1.0, 5.0),
            spec("cost_of_living_index", FeatureType.FLOAT, true, 0.5, 2.5),
            spec("weekly_hours", FeatureType.FLOAT, false, 1.0, 80.0),
            spec("certifications", FeatureType.INT, false, 0.0, 20.0),
            spec("manages_people", FeatureType.BOOL, false, null, null),
            spec("job_family", FeatureType.INT, true, 0.0, 5.0));
    /** job_family codes: what the integer means, for the README and the demo. */
    public static final List<String> JOB_FAMILIES = List.of("operations", "finance", "sales", "engineering", "legal",
            "payroll");

    /** An artifact and its card. */
    public record Trained(byte[] artifact, String fileName, ModelCard card) {
    }

    /** One synthetic employee: feature values (NaN = missing, in {@link #FEATURES} order) and the salary paid. */
    public record Profile(float[] features, float salary) {
        /** The profile as a JSON-ready map (missing values left out). */
        public Map<String, Object> json() {
            Map<String, Object> m = new LinkedHashMap<>();
            for (int k = 0; k < FEATURES.size(); k++) {
                float v = features[k];
                if (Float.isNaN(v)) {
                    continue;
                }
                FeatureSpec f = FEATURES.get(k);
                m.put(f.name(), switch (f.type()) {
                    case BOOL -> v != 0f;
                    case INT -> (int) v;
                    default -> v;
                });
            }
            return m;
        }

        public RecordView record() {
            Map<String, Object> m = json();
            return m::get;
        }
    }

    private SalaryModelBuilder() {
    }

    /** {@code rows} deterministic profiles from {@code seed}. */
    public static List<Profile> profiles(int rows, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] familyPremium = {0.95, 1.05, 1.0, 1.2, 1.25, 0.9};
        List<Profile> out = new ArrayList<>(rows);
        for (int i = 0; i < rows; i++) {
            int level = 1 + Math.min(9, (int) Math.floor(-Math.log(1 - r.nextDouble()) * 2.5));
            int experience = (int) Math.max(0, Math.min(50, Math.round(level * 2.5 + r.nextGaussian() * 4)));
            int tenure = (int) Math.max(0, Math.min(600, Math.round(-Math.log(1 - r.nextDouble()) * 40)));
            float rating = r.nextDouble() < 0.1 ? Float.NaN
                    : (float) Math.max(1, Math.min(5, Math.round(3 + r.nextGaussian())));
            float col = (float) (Math.round(Math.max(0.6, Math.min(2.2, 1 + r.nextGaussian() * 0.25)) * 100) / 100.0);
            float hours = r.nextDouble() < 0.15 ? Float.NaN
                    : (float) Math.max(10, Math.min(70, Math.round(40 + r.nextGaussian() * 5)));
            float certs = r.nextDouble() < 0.2 ? Float.NaN : (float) Math.min(20, Math.floor(-Math.log(1 - r.nextDouble())));
            float manages = level >= 5 && r.nextDouble() < 0.6 ? 1f : r.nextDouble() < 0.05 ? 1f : 0f;
            int family = r.nextInt(JOB_FAMILIES.size());
            double salary = 32_000 * Math.pow(1.23, level - 1) * familyPremium[family] * col
                    * (1 + 0.008 * Math.min(experience, 25)) * (1 + 0.0004 * Math.min(tenure, 120))
                    * (Float.isNaN(rating) ? 1 : 1 + 0.03 * (rating - 3))
                    * (Float.isNaN(hours) ? 1 : Math.min(1.0, hours / 40.0))
                    * (1 + 0.01 * (Float.isNaN(certs) ? 0 : certs))
                    * (manages > 0 ? 1.08 : 1)
                    * Math.exp(r.nextGaussian() * 0.06);
            float[] x = {level, experience, tenure, rating, col, hours, certs, manages, family};
            out.add(new Profile(x, (float) Math.round(salary)));
        }
        return out;
    }

    /** Trains version {@code version} on {@code rows} profiles; the card records the holdout error. */
    public static Trained train(String version, int rows, long seed) {
        List<Profile> all = profiles(rows, seed);
        int split = rows * 4 / 5;
        float[][] x = new float[split][];
        float[] y = new float[split];
        for (int i = 0; i < split; i++) {
            x[i] = all.get(i).features();
            y[i] = all.get(i).salary();
        }
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("objective", "reg:squarederror");
        params.put("eta", 0.1);
        params.put("max_depth", DEPTH);
        params.put("min_child_weight", 5);
        params.put("subsample", 0.9);
        params.put("seed", seed);
        params.put("nthread", 1);
        List<String> names = FEATURES.stream().map(FeatureSpec::name).toList();
        byte[] artifact = XgbTrainer.train(x, y, names, params, TREES, "json");
        ArtifactInfo info = new ArtifactInfo("model.json", "json", Hashing.sha256Hex(artifact), artifact.length);
        OutputSpec output = new OutputSpec("value", "market annual base salary in USD for this profile", null, null,
                null, null);
        Map<String, Object> training = new LinkedHashMap<>();
        training.put("rows", split);
        training.put("seed", seed);
        training.put("trees", TREES);
        training.put("maxDepth", DEPTH);
        training.put("source", "SalaryModelBuilder synthetic market (local demo data)");
        training.put("goldenTolerance", 0.5);
        ModelCard card = new ModelCard(NAME, version, null, "reg:squarederror", output, FEATURES, info,
                Instant.now().toString(), training);
        LoadedModel model = LoadedModel.bind(card, new JavaEngine().compile(new ModelArtifact("model.json", artifact)),
                "trained");
        double absErr = 0;
        double sum = 0;
        for (int i = split; i < rows; i++) {
            Profile p = all.get(i);
            absErr += Math.abs(model.score(p.record(), "holdout " + i)[0] - p.salary());
            sum += p.salary();
        }
        training.put("holdoutMape", Math.round(absErr / sum * 10_000) / 10_000.0);
        card = new ModelCard(NAME, version, null, "reg:squarederror", output, FEATURES, info, card.createdAt(),
                training);
        return new Trained(artifact, "model.json", card);
    }

    /** The golden set published with a version: {@code rows} fresh profiles and this version's outputs for them. */
    public static GoldenSet golden(Trained trained, int rows, long seed) {
        LoadedModel model = LoadedModel.bind(trained.card(),
                new JavaEngine().compile(new ModelArtifact("golden", trained.artifact())), "golden");
        List<RecordView> records = new ArrayList<>();
        for (Profile p : profiles(rows, seed)) {
            records.add(p.record());
        }
        return GoldenSet.generate(model, records, rows);
    }

    private static FeatureSpec spec(String name, FeatureType type, boolean required, Double min, Double max) {
        return new FeatureSpec(name, type, required, min, max, MissingRule.TREE_DEFAULT, null, null);
    }
}
