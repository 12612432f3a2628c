package com.anycompany.scoring.model;

import java.util.Comparator;
import java.util.Optional;

/** Parses store keys back into {@link ModelRef}s; the inverse of {@link ModelRef#prefix()}. */
final class ModelPaths {
    static final Comparator<ModelRef> ORDER = Comparator.comparing(ModelRef::name)
            .thenComparing(r -> r.clientId() == null ? "" : r.clientId())
            .thenComparing(ModelRef::version, ModelPaths::compareVersions);

    private ModelPaths() {
    }

    static Optional<ModelRef> refOfCardKey(String key) {
        String[] p = key.split("/");
        try {
            if (p.length == 4 && p[0].equals("models") && p[3].equals("card.json")) {
                return Optional.of(new ModelRef(p[1], p[2], null));
            }
            if (p.length == 6 && p[0].equals("models") && p[2].equals("clients") && p[5].equals("card.json")) {
                return Optional.of(new ModelRef(p[1], p[4], p[3]));
            }
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** Numeric-aware: "2" < "10"; otherwise lexicographic. */
    static int compareVersions(String a, String b) {
        if (a.matches("\\d{1,18}") && b.matches("\\d{1,18}")) {
            return Long.compare(Long.parseLong(a), Long.parseLong(b));
        }
        return a.compareTo(b);
    }
}
