package com.anycompany.scoring.model;

/**
 * The bytes of a stored model, as published: XGBoost JSON, UBJSON, or a SageMaker {@code model.tar.gz} holding an
 * {@code xgboost-model} file. {@code source} names where it came from (an s3:// URI or a path) for error messages.
 */
public record ModelArtifact(String source, byte[] bytes) {
    public ModelArtifact {
        if (source == null || source.isBlank()) {
            throw new IllegalArgumentException("artifact source must be named");
        }
        if (bytes == null) {
            throw new IllegalArgumentException("artifact bytes are null for " + source);
        }
    }

    public String sha256() {
        return Hashing.sha256Hex(bytes);
    }
}
