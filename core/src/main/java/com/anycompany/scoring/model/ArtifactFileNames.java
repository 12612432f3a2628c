package com.anycompany.scoring.model;

import java.util.Locale;

/** Artifact file names and the format label a card records for them. */
public final class ArtifactFileNames {
    private ArtifactFileNames() {
    }

    /** "tar.gz" for SageMaker archives, "ubj" for UBJSON, "json" for JSON, judged by name then by content. */
    public static String formatOf(String file, byte[] bytes) {
        String f = file.toLowerCase(Locale.ROOT);
        if (f.endsWith(".tar.gz") || f.endsWith(".tgz")) {
            return "tar.gz";
        }
        if (f.endsWith(".ubj")) {
            return "ubj";
        }
        if (f.endsWith(".json")) {
            return "json";
        }
        if (bytes.length > 2 && (bytes[0] & 0xff) == 0x1f && (bytes[1] & 0xff) == 0x8b) {
            return "tar.gz";
        }
        return bytes.length > 1 && bytes[0] == '{' && "iUIlL".indexOf(bytes[1]) >= 0 ? "ubj" : "json";
    }

    /** The canonical name an artifact is stored under beside its card. */
    public static String canonicalName(String file, byte[] bytes) {
        return switch (formatOf(file, bytes)) {
            case "tar.gz" -> "model.tar.gz";
            case "ubj" -> "model.ubj";
            default -> "model.json";
        };
    }
}
