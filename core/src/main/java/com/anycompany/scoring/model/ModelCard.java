package com.anycompany.scoring.model;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A model's metadata, stored as {@code card.json} beside its artifact: what goes in (the feature schema, in the
 * model's column order), what comes out, which artifact it describes (checked by SHA-256 before use) and what the
 * training data looked like.
 *
 * @param name      model name
 * @param version   model version
 * @param clientId  the client a per-client model belongs to (null for global models)
 * @param objective the XGBoost objective, e.g. "binary:logistic"
 * @param output    what the output means, with the decision threshold where there is one
 * @param features  the feature schema, in the model's column order
 * @param artifact  the artifact file, format, SHA-256 and size
 * @param createdAt ISO-8601 instant the card was written
 * @param training  free-form facts about training (rows, seed, source, metrics)
 * @param monitoring the training score distribution and this model's drift thresholds (null: none recorded)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelCard(String name, String version, String clientId, String objective, OutputSpec output,
                        List<FeatureSpec> features, ArtifactInfo artifact, String createdAt,
                        Map<String, Object> training, ModelMonitoring monitoring) {
    public ModelCard {
        if (name == null || version == null) {
            throw new IllegalArgumentException("a model card needs a name and a version");
        }
        if (objective == null || objective.isBlank()) {
            throw new IllegalArgumentException("card " + name + "@" + version + " has no objective");
        }
        if (output == null) {
            throw new IllegalArgumentException("card " + name + "@" + version + " has no output section");
        }
        if (features == null || features.isEmpty()) {
            throw new IllegalArgumentException("card " + name + "@" + version + " lists no features");
        }
        if (artifact == null) {
            throw new IllegalArgumentException("card " + name + "@" + version + " names no artifact");
        }
        features = List.copyOf(features);
        Set<String> seen = new HashSet<>();
        for (FeatureSpec f : features) {
            if (!seen.add(f.name())) {
                throw new IllegalArgumentException("card " + name + "@" + version + " lists feature '" + f.name() + "' twice");
            }
        }
        training = training == null ? Map.of() : Map.copyOf(training);
    }

    public ModelCard(String name, String version, String clientId, String objective, OutputSpec output,
                     List<FeatureSpec> features, ArtifactInfo artifact, String createdAt, Map<String, Object> training) {
        this(name, version, clientId, objective, output, features, artifact, createdAt, training, null);
    }

    public ModelRef ref() {
        return new ModelRef(name, version, clientId);
    }

    public List<String> featureNames() {
        return features.stream().map(FeatureSpec::name).toList();
    }

    public ModelCard withArtifact(ArtifactInfo a) {
        return new ModelCard(name, version, clientId, objective, output, features, a, createdAt, training, monitoring);
    }

    public ModelCard withIdentity(String newName, String newVersion, String newClientId) {
        return new ModelCard(newName, newVersion, newClientId, objective, output, features, artifact, createdAt, training,
                monitoring);
    }

    /** This card with new feature specs (same names, e.g. with baselines) and monitoring section. */
    public ModelCard withBaselines(List<FeatureSpec> newFeatures, ModelMonitoring newMonitoring) {
        return new ModelCard(name, version, clientId, objective, output, newFeatures, artifact, createdAt, training,
                newMonitoring);
    }
}
