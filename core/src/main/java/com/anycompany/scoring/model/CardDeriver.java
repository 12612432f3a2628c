package com.anycompany.scoring.model;

import com.anycompany.scoring.engine.CompiledModel;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Derives a model card from the model itself when none is given: the artifact's feature names (or f0..fN-1), every
 * feature optional with XGBoost's own missing-value handling, and the output meaning implied by the objective.
 */
public final class CardDeriver {
    private CardDeriver() {
    }

    public static ModelCard derive(String name, String version, CompiledModel model, ArtifactInfo artifact) {
        List<String> names = model.featureNames().isEmpty() ? positional(model.numFeatures()) : model.featureNames();
        List<FeatureSpec> features = names.stream().map(FeatureSpec::optional).toList();
        return new ModelCard(name, version, null, model.objective(), outputOf(model), features, artifact,
                Instant.now().toString(), Map.of("derived", "card derived from the artifact; no ranges or baselines"));
    }

    static List<String> positional(int n) {
        List<String> names = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            names.add("f" + i);
        }
        return names;
    }

    public static OutputSpec outputOf(CompiledModel model) {
        String obj = model.objective();
        if (obj.startsWith("multi:softprob")) {
            List<String> classes = new ArrayList<>();
            for (int i = 0; i < model.numOutputs(); i++) {
                classes.add("class_" + i);
            }
            return new OutputSpec("class_probabilities", "probability of each class", null, null, null, classes);
        }
        if (obj.equals("multi:softmax")) {
            return new OutputSpec("class", "the most likely class index", null, null, null, null);
        }
        if (obj.equals("binary:logistic") || obj.equals("reg:logistic")) {
            return new OutputSpec("probability", "probability of the positive class", null, null, null, null);
        }
        if (obj.equals("binary:logitraw") || obj.startsWith("rank:")) {
            return new OutputSpec("margin", "raw margin score", null, null, null, null);
        }
        return new OutputSpec("value", "predicted value", null, null, null, null);
    }
}
