package com.anycompany.scoring.model;

/** Checks shared by every {@link ModelStore}: the artifact must be exactly what its card describes. */
final class ArtifactChecks {
    private ArtifactChecks() {
    }

    static StoredModel verify(ModelCard card, String cardSource, String artifactSource, byte[] bytes) {
        ArtifactInfo info = card.artifact();
        if (bytes.length != info.sizeBytes()) {
            throw new CorruptArtifactException(artifactSource + ": is " + bytes.length + " bytes but " + cardSource
                    + " says " + info.sizeBytes() + " (truncated or replaced upload); republish this version");
        }
        String actual = Hashing.sha256Hex(bytes);
        if (!actual.equals(info.sha256())) {
            throw new CorruptArtifactException(artifactSource + ": SHA-256 is " + actual + " but " + cardSource
                    + " says " + info.sha256() + " (corrupt or replaced artifact); republish this version");
        }
        return new StoredModel(card, new ModelArtifact(artifactSource, bytes));
    }

    static ModelCard stamp(ModelCard card, byte[] bytes, String file) {
        return card.withArtifact(new ArtifactInfo(file, ArtifactFileNames.formatOf(file, bytes), Hashing.sha256Hex(bytes),
                bytes.length));
    }

    static void checkIdentity(ModelRef ref, ModelCard card, String cardSource) {
        if (!ref.equals(card.ref())) {
            throw new CorruptArtifactException(cardSource + ": the card says it is " + card.ref() + " but it is stored as "
                    + ref + "; fix the card's name/version/clientId");
        }
    }
}
