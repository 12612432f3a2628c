package com.anycompany.scoring.model;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Names one model version: {@code name}, {@code version} and, for per-client models, a {@code clientId}.
 * Every part is validated before it can become part of an S3 key: letters, digits, '.', '_' and '-', starting with a
 * letter or digit, at most 64 characters, never "..".
 */
public record ModelRef(String name, String version, String clientId) {
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    public ModelRef {
        check("model name", name);
        check("model version", version);
        if (clientId != null) {
            check("client id", clientId);
        }
    }

    public static ModelRef of(String name, String version) {
        return new ModelRef(name, version, null);
    }

    public Optional<String> client() {
        return Optional.ofNullable(clientId);
    }

    /** The key prefix of this version, ending in '/': {@code models/<name>/<version>/} or the per-client form. */
    public String prefix() {
        return clientId == null
                ? "models/" + name + "/" + version + "/"
                : "models/" + name + "/clients/" + clientId + "/" + version + "/";
    }

    @Override
    public String toString() {
        return clientId == null ? name + "@" + version : name + "/" + clientId + "@" + version;
    }

    static void check(String what, String value) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(what + " is empty");
        }
        if (value.contains("..") || !SEGMENT.matcher(value).matches()) {
            throw new IllegalArgumentException(what + " '" + abbreviate(value) + "' is not allowed: use 1-64 letters, "
                    + "digits, '.', '_' or '-', starting with a letter or digit, and no '..'");
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 77) + "..." : s;
    }
}
