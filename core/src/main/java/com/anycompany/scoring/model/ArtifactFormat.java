package com.anycompany.scoring.model;

/**
 * The ways an XGBoost model can be published, and {@link #unwrap} to get the raw model document out of an artifact.
 *
 * <p>Supported: XGBoost JSON ({@code save_model("model.json")}), XGBoost UBJSON ({@code save_model("model.ubj")}, the
 * default since 2.1), XGBoost's deprecated binary format (what 0.8x to 2.x wrote for any other file name, such as
 * SageMaker's {@code xgboost-model}; header "binf" from 1.1, headerless before), and a SageMaker {@code model.tar.gz}
 * holding one of those as {@code xgboost-model}. A pickled Booster (SageMaker's 0.90 containers) is read by taking its
 * model buffer out without running the pickle ({@link PickledBooster}); other pickles are refused with a message saying
 * how to re-save the model.
 */
public enum ArtifactFormat {
    /** XGBoost's JSON model schema, UTF-8 text. */
    JSON,
    /** XGBoost's Universal Binary JSON encoding of the same schema (big-endian, typed arrays). */
    UBJSON,
    /** XGBoost's deprecated binary format (0.8x to 2.x), read by {@link LegacyBinaryReader}. */
    BINARY;

    static final String RESAVE_HINT = "load it with XGBoost >= 1.0 and re-save it with booster.save_model(\"model.json\")"
            + " or save_model(\"model.ubj\") (xgboost4j: booster.saveModel(\"model.json\"))";

    /** The raw model document of an artifact, with its detected format and where it came from. */
    public record Unwrapped(String source, ArtifactFormat format, byte[] bytes, boolean fromTarGz) {
    }

    /**
     * Detects the format of {@code artifact} and returns the bare model document (for a tar.gz, the {@code xgboost-model}
     * entry). Throws {@link CorruptArtifactException} naming the artifact when it is empty, truncated, not a model, a
     * pickle or base64.
     */
    public static Unwrapped unwrap(ModelArtifact artifact) {
        String source = artifact.source();
        byte[] bytes = artifact.bytes();
        if (bytes.length >= 2 && (bytes[0] & 0xff) == 0x1f && (bytes[1] & 0xff) == 0x8b) {
            byte[] inner = TarGzReader.extract(source, bytes, "xgboost-model");
            return bare(source + "!xgboost-model", inner, true);
        }
        return bare(source, bytes, false);
    }

    /** A bare model document, or a pickled Booster's model taken out without running the pickle (PickledBooster). */
    private static Unwrapped bare(String source, byte[] bytes, boolean fromTarGz) {
        if (PickledBooster.looksLikePickle(bytes)) {
            byte[] model = PickledBooster.model(source, bytes);
            return new Unwrapped(source, detect(source, model), model, fromTarGz);
        }
        return new Unwrapped(source, detect(source, bytes), bytes, fromTarGz);
    }

    /** Detects JSON or UBJSON from the first bytes; anything else fails with a message saying what it looks like. */
    public static ArtifactFormat detect(String source, byte[] b) {
        if (LegacyBinaryReader.looksLikeBinary(b)) {
            return BINARY;
        }
        int i = 0;
        if (b.length >= 3 && (b[0] & 0xff) == 0xEF && (b[1] & 0xff) == 0xBB && (b[2] & 0xff) == 0xBF) {
            i = 3; // UTF-8 byte order mark
        }
        while (i < b.length && isJsonSpace(b[i])) {
            i++;
        }
        if (i >= b.length) {
            throw new CorruptArtifactException(source + ": the artifact is empty (" + b.length + " bytes); publish the"
                    + " model saved with booster.save_model(\"model.json\") or \"model.ubj\"");
        }
        if (b[i] == '{') {
            if (i + 1 >= b.length) {
                throw new CorruptArtifactException(source + ": unexpected end of input at byte " + (i + 1)
                        + " (the artifact is truncated)");
            }
            byte next = b[i + 1];
            if (isJsonSpace(next) || next == '"' || next == '}') {
                return JSON;
            }
            if ("iUIlLdDSTFZ$#{[".indexOf(next) >= 0) {
                return UBJSON;
            }
        }
        if (b.length >= 4 && b[0] == 'b' && b[1] == 's' && b[2] == '6' && b[3] == '4') {
            throw legacy(source, "a base64-encoded legacy binary model (header \"bs64\")");
        }
        if (PickledBooster.looksLikePickle(b)) { // unwrap reads a pickled Booster first; a pickle here is nested
            throw PickledBooster.refuse(source, "its model buffer is itself a pickle");
        }
        if (b[0] == 'P' && b.length > 1 && b[1] == 'K') {
            throw new CorruptArtifactException(source + ": this is a zip archive; publish the bare model file saved with"
                    + " booster.save_model(\"model.json\") or a SageMaker model.tar.gz holding xgboost-model");
        }
        throw legacy(source, "neither XGBoost JSON nor UBJSON (first byte 0x"
                + String.format("%02x", b[0] & 0xff) + ") nor XGBoost's binary format (no \"binf\" header and no"
                + " objective name after the 136-byte parameter block); it may be corrupt or another file");
    }

    private static CorruptArtifactException legacy(String source, String what) {
        return new CorruptArtifactException(source + ": the artifact is " + what + ", which cannot be read; " + RESAVE_HINT);
    }

    static boolean isJsonSpace(byte c) {
        return c == ' ' || c == '\n' || c == '\r' || c == '\t';
    }
}
