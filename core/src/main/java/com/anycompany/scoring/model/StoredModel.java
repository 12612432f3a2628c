package com.anycompany.scoring.model;

/** A card and the artifact it describes, fetched together and checked against each other (size and SHA-256). */
public record StoredModel(ModelCard card, ModelArtifact artifact) {
}
