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
        this.schema = FeatureSchema.of(card);
        this.source = source;
    }

    /**
     * Binds a card to a compiled model. The card must list as many features as the model has columns and, where the
     * artifact stores feature names, the same names in the same order.
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
        return new LoadedModel(card, compiled, source);
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
        float[] out = new float[compiled.numOutputs()];
        compiled.predict(row, out);
        if (k <= 0 || !compiled.explains()) {
            return new Explained(out, List.of());
        }
        int groups = compiled.contributionGroups();
        float[] phi = new float[groups * (compiled.numFeatures() + 1)];
        compiled.contributions(row, phi);
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
        return new Explained(out, Reason.top(card.featureNames(), row, phi, group, k));
    }
}
