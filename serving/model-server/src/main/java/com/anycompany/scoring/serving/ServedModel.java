package com.anycompany.scoring.serving;

import com.anycompany.scoring.model.LoadedModel;

/**
 * The one model this server answers for: the name clients address it by (SageMaker has one model per container; the
 * Open Inference Protocol puts it in the path) and the loaded model (card, compiled evaluator, feature schema).
 */
public record ServedModel(String name, LoadedModel model) {
    public ServedModel {
        if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,62}")) {
            throw new IllegalArgumentException("the model name must be 1-63 letters, digits, '.', '_' or '-' and start"
                    + " with a letter or digit, got '" + name + "'");
        }
    }

    public String version() {
        return model.card().version();
    }

    public int numFeatures() {
        return model.compiled().numFeatures();
    }

    public int numOutputs() {
        return model.compiled().numOutputs();
    }
}
