package com.anycompany.scoring.local.xgb;

import com.anycompany.scoring.engine.CompiledModel;
import com.anycompany.scoring.engine.Engine;
import com.anycompany.scoring.engine.ModelCategories;
import com.anycompany.scoring.model.ArtifactFormat;
import com.anycompany.scoring.model.CategoryVocabulary;
import com.anycompany.scoring.model.CorruptArtifactException;
import com.anycompany.scoring.model.DocNode;
import com.anycompany.scoring.model.ModelArtifact;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/**
 * The reference engine: scores with XGBoost itself through xgboost4j (native library). Correctness over speed; used
 * locally to cross-check the built-in {@code java} engine. Registered with {@link java.util.ServiceLoader} as
 * "xgboost4j".
 */
public final class Xgboost4jEngine implements Engine {
    public static final String NAME = "xgboost4j";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public CompiledModel compile(ModelArtifact artifact) {
        ArtifactFormat.Unwrapped doc = ArtifactFormat.unwrap(artifact);
        Booster booster;
        try {
            booster = XGBoost.loadModel(doc.bytes());
        } catch (XGBoostError | IOException e) {
            String hint = doc.format() == ArtifactFormat.BINARY
                    ? "; xgboost4j 3.x no longer reads XGBoost's binary format: score it with --engine java, or load it"
                    + " with XGBoost 1.x/2.x and re-save it with booster.save_model(\"model.json\")"
                    : "; re-save it with booster.save_model(\"model.json\")";
            throw new CorruptArtifactException(artifact.source() + ": xgboost4j could not load the model ("
                    + firstLine(e) + ")" + hint, e);
        }
        try {
            int numFeatures = (int) booster.getNumFeature();
            String[] names = booster.getFeatureNames();
            List<String> featureNames = names == null ? List.of() : List.copyOf(Arrays.asList(names));
            String config = new String(booster.toByteArray("json"), java.nio.charset.StandardCharsets.UTF_8);
            String objective = objectiveName(config);
            float[] probe = new float[numFeatures];
            Arrays.fill(probe, Float.NaN);
            int numOutputs = predictOne(booster, probe).length;
            DMatrix d = new DMatrix(probe, 1, numFeatures, Float.NaN);
            int contributionGroups;
            try {
                contributionGroups = booster.predictContrib(d, 0)[0].length / (numFeatures + 1);
            } finally {
                d.dispose();
            }
            List<CategoryVocabulary> categories = ModelCategories.read(DocNode.parse(doc), numFeatures); // 3.1+ cats
            return new Model(booster, numFeatures, numOutputs, featureNames, objective, contributionGroups, categories);
        } catch (XGBoostError | RuntimeException e) {
            booster.dispose();
            if (e instanceof RuntimeException r) {
                throw r;
            }
            throw new CorruptArtifactException(artifact.source() + ": xgboost4j could not inspect the model ("
                    + firstLine(e) + ")", e);
        }
    }

    /** Pulls learner.objective.name out of the model JSON without a JSON library. */
    static String objectiveName(String json) {
        int at = json.indexOf("\"objective\"");
        int name = at < 0 ? -1 : json.indexOf("\"name\"", at);
        if (name < 0) {
            return "";
        }
        int open = json.indexOf('"', json.indexOf(':', name) + 1);
        int close = json.indexOf('"', open + 1);
        return open < 0 || close < 0 ? "" : json.substring(open + 1, close);
    }

    /** XGBoost errors carry a native stack trace after the first line; keep only the first line. */
    static String firstLine(Throwable e) {
        String m = String.valueOf(e.getMessage()).strip();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl).strip();
    }

    private static float[] predictOne(Booster booster, float[] row) throws XGBoostError {
        DMatrix d = new DMatrix(row, 1, row.length, Float.NaN);
        try {
            return booster.predict(d)[0];
        } finally {
            d.dispose();
        }
    }

    /** A loaded booster; every call is synchronized because Booster handles are not documented as thread-safe. */
    private static final class Model implements CompiledModel {
        private final Booster booster;
        private final int numFeatures;
        private final int numOutputs;
        private final List<String> featureNames;
        private final String objective;
        private final int contributionGroups;
        private final List<CategoryVocabulary> categories;

        Model(Booster booster, int numFeatures, int numOutputs, List<String> featureNames, String objective,
                int contributionGroups, List<CategoryVocabulary> categories) {
            this.categories = categories;
            this.contributionGroups = contributionGroups;
            this.booster = booster;
            this.numFeatures = numFeatures;
            this.numOutputs = numOutputs;
            this.featureNames = featureNames;
            this.objective = objective;
        }

        @Override
        public String engineName() {
            return NAME;
        }

        @Override
        public int numFeatures() {
            return numFeatures;
        }

        @Override
        public int numOutputs() {
            return numOutputs;
        }

        @Override
        public List<String> featureNames() {
            return featureNames;
        }

        @Override
        public String objective() {
            return objective;
        }

        @Override
        public List<CategoryVocabulary> categoryVocabularies() {
            return categories;
        }

        @Override
        public synchronized void predict(float[] row, float[] out) {
            try {
                float[] p = predictOne(booster, Arrays.copyOf(row, numFeatures));
                System.arraycopy(p, 0, out, 0, numOutputs);
            } catch (XGBoostError e) {
                throw new IllegalStateException("xgboost4j prediction failed: " + firstLine(e), e);
            }
        }

        @Override
        public boolean explains() {
            return true;
        }

        @Override
        public int contributionGroups() {
            return contributionGroups;
        }

        /** SHAP values through {@code Booster.predictContrib}: a one-row DMatrix per call, like {@link #predict}. */
        @Override
        public synchronized void contributions(float[] row, float[] phi) {
            try {
                DMatrix d = new DMatrix(Arrays.copyOf(row, numFeatures), 1, numFeatures, Float.NaN);
                try {
                    float[] c = booster.predictContrib(d, 0)[0];
                    System.arraycopy(c, 0, phi, 0, c.length);
                } finally {
                    d.dispose();
                }
            } catch (XGBoostError e) {
                throw new IllegalStateException("xgboost4j predictContrib failed: " + firstLine(e), e);
            }
        }

        @Override
        public synchronized void predictBatch(float[] rows, int nRows, float[] out) {
            if (nRows == 0) {
                return;
            }
            try {
                DMatrix d = new DMatrix(Arrays.copyOf(rows, nRows * numFeatures), nRows, numFeatures, Float.NaN);
                try {
                    float[][] p = booster.predict(d);
                    for (int r = 0; r < nRows; r++) {
                        System.arraycopy(p[r], 0, out, r * numOutputs, numOutputs);
                    }
                } finally {
                    d.dispose();
                }
            } catch (XGBoostError e) {
                throw new IllegalStateException("xgboost4j prediction failed: " + firstLine(e), e);
            }
        }
    }
}
