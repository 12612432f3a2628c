package com.anycompany.scoring.model;

import com.anycompany.scoring.engine.CompiledModel;
import com.anycompany.scoring.engine.Reason;
import com.anycompany.scoring.feature.FeatureSchema;
import com.anycompany.scoring.feature.RecordView;

import java.util.List;

/**
 * A model ready to serve: its card, the compiled evaluator and the feature schema, checked against each other once,
 * at load. Immutable and thread-safe; one per model version per container.
 */
public final class LoadedModel {
    private final ModelCard card;
    private final CompiledModel compiled;
    private final FeatureSchema schema;
    private final String source;

    private LoadedModel(ModelCard card, CompiledModel compiled, String source) {
        this.card = card;
        this.compiled = compiled;
        this.schema = new FeatureSchema(card.features(), compiled.categoryVocabularies());
        this.source = source;
    }

    /**
     * Binds a card to a compiled model. The card must list as many features as the model has columns and, where the
     * artifact stores feature names, the same names in the same order. Where both the card and the artifact (XGBoost
     * 3.1+ {@code cats}) give a feature's category vocabulary, they must be the same list, else the model is refused;
     * the card's then decides how unknown names are scored.
     */
    public static LoadedModel bind(ModelCard card, CompiledModel compiled, String source) {
        List<String> cardNames = card.featureNames();
        if (cardNames.size() != compiled.numFeatures()) {
            throw new CorruptArtifactException(source + ": the card lists " + cardNames.size()
                    + " features but the model was trained on " + compiled.numFeatures() + "; fix the card's features");
        }
        List<String> modelNames = compiled.featureNames();
        if (!modelNames.isEmpty() && !modelNames.equals(cardNames)) {
            throw new CorruptArtifactException(source + ": the card's features " + cardNames
                    + " differ from the model's " + modelNames + " (names and order must match)");
        }
        checkVocabularies(card, compiled.categoryVocabularies(), source);
        return new LoadedModel(card, compiled, source);
    }

    private static void checkVocabularies(ModelCard card, List<CategoryVocabulary> model, String source) {
        for (int i = 0; i < model.size(); i++) {
            FeatureSpec spec = card.features().get(i);
            CategoryVocabulary v = model.get(i);
            if (v == null || spec.categories() == null) {
                continue;
            }
            if (v.integers() || !v.categories().equals(spec.categories())) {
                int k = 0;
                while (k < Math.min(v.categories().size(), spec.categories().size())
                        && v.categories().get(k).equals(spec.categories().get(k))) {
                    k++;
                }
                throw new CorruptArtifactException(source + ": the card's categories for '" + spec.name()
                        + "' differ from the vocabulary stored in the model (XGBoost cats: " + v.categories().size()
                        + (v.integers() ? " integer" : "") + " categories, the card " + spec.categories().size()
                        + ", first difference at code " + k + "), so strings would map to the wrong codes; remove"
                        + " categories from the card to use the model's, or make them equal");
            }
        }
    }

    public ModelCard card() {
        return card;
    }

    public CompiledModel compiled() {
        return compiled;
    }

    public FeatureSchema schema() {
        return schema;
    }

    public String source() {
        return source;
    }

    /** Maps and scores one record; returns the model's outputs (one value, or one per class). */
    public float[] score(RecordView record, String label) {
        float[] row = schema.map(record, label);
        float[] out = new float[compiled.numOutputs()];
        compiled.predict(row, out);
        return out;
    }

    /** A record's outputs and the reasons behind them (empty when the engine cannot explain). */
    public record Explained(float[] outputs, List<Reason> reasons) {
    }

    /**
     * Maps and scores one record and gives the {@code k} features that pushed its score up most (exact TreeSHAP, in
     * margin space). For multi-class models the reasons are those of the predicted class.
     */
    public Explained explain(RecordView record, String label, int k) {
        return explainRow(schema.map(record, label), k);
    }

    /** Scores an already mapped row (card order, NaN for missing). */
    public float[] predict(float[] row) {
        float[] out = new float[compiled.numOutputs()];
        compiled.predict(row, out);
        return out;
    }

    /** {@link #explain} for an already mapped row. */
    public Explained explainRow(float[] row, int k) {
        return explainRow(row, k, null);
    }

    /**
     * {@link #explainRow(float[], int)}, adding the time spent scoring and the time spent on the reasons (contributions
     * and the top {@code k}) to {@code times} (null: not timed).
     */
    public Explained explainRow(float[] row, int k, StageTimes times) {
        if (times != null) {
            times.start();
        }
        float[] out = new float[compiled.numOutputs()];
        compiled.predict(row, out);
        if (times != null) {
            times.scored();
        }
        if (k <= 0 || !compiled.explains()) {
            return new Explained(out, List.of());
        }
        int groups = compiled.contributionGroups();
        float[] phi = new float[groups * (compiled.numFeatures() + 1)];
        compiled.contributions(row, phi);
        int group = explainedGroup(out, groups);
        Explained explained = new Explained(out, Reason.top(card.featureNames(), row, phi, group, k));
        if (times != null) {
            times.explained();
        }
        return explained;
    }

    /**
     * {@link #explainRow(float[], int, StageTimes)} for several rows at once: the same outputs, and the reasons from one
     * block walk of the trees for all rows ({@code CompiledModel.contributionsBatch}: the fraud function's SQS batch).
     */
    public List<Explained> explainRows(List<float[]> rows, int k, StageTimes times) {
        int n = rows.size();
        if (times != null) {
            times.start();
        }
        float[][] outs = new float[n][];
        for (int i = 0; i < n; i++) {
            outs[i] = new float[compiled.numOutputs()];
            compiled.predict(rows.get(i), outs[i]);
        }
        if (times != null) {
            times.scored();
        }
        List<Explained> explained = new java.util.ArrayList<>(n);
        if (n == 0 || k <= 0 || !compiled.explains()) {
            for (float[] out : outs) {
                explained.add(new Explained(out, List.of()));
            }
            return explained;
        }
        int nf = compiled.numFeatures();
        int groups = compiled.contributionGroups();
        int width = groups * (nf + 1);
        float[] flat = new float[n * nf];
        for (int i = 0; i < n; i++) {
            System.arraycopy(rows.get(i), 0, flat, i * nf, nf);
        }
        float[] phi = new float[n * width];
        compiled.contributionsBatch(flat, n, phi);
        for (int i = 0; i < n; i++) {
            float[] rowPhi = java.util.Arrays.copyOfRange(phi, i * width, (i + 1) * width);
            explained.add(new Explained(outs[i], Reason.top(card.featureNames(), rows.get(i), rowPhi,
                    explainedGroup(outs[i], groups), k)));
        }
        if (times != null) {
            times.explained();
        }
        return explained;
    }

    /** The output group the reasons explain: the predicted class of a multi-class model, else the only group. */
    private static int explainedGroup(float[] out, int groups) {
        int group = 0;
        if (groups > 1 && out.length == 1) {
            group = (int) out[0]; // multi:softmax outputs the class index
        } else if (groups > 1) {
            for (int g = 1; g < out.length; g++) {
                if (out[g] > out[group]) {
                    group = g;
                }
            }
        }
        return group;
    }
}
