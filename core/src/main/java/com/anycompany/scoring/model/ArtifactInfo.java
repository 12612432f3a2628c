package com.anycompany.scoring.model;

/**
 * The artifact a card describes: its file name beside the card, format ("json", "ubj", "tar.gz"), SHA-256 (hex) and size.
 */
public record ArtifactInfo(String file, String format, String sha256, long sizeBytes) {
    public ArtifactInfo {
        if (file == null || file.isBlank() || file.contains("/") || file.contains("..")) {
            throw new IllegalArgumentException("artifact file must be a plain file name beside card.json, got '" + file + "'");
        }
        if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("artifact sha256 must be 64 lower-case hex digits, got '" + sha256 + "'");
        }
    }
}
