package com.anycompany.scoring.model;

import com.anycompany.scoring.feature.RecordView;

/**
 * Exercises a loaded model's whole scoring path (mapping, tree walk, objective, TreeSHAP reasons) on synthetic rows built from its card,
 * so that a SnapStart snapshot holds JIT-compiled code and a restored container serves its first request warm.
 */
public final class Priming {
    private Priming() {
    }

    /** Scores {@code rounds} synthetic records; returns a checksum so the work cannot be optimised away. */
    public static double exercise(LoadedModel model, int rounds) {
        double sum = 0;
        for (int r = 0; r < rounds; r++) {
            final int round = r;
            RecordView record = field -> {
                FeatureSpec spec = model.card().features().stream().filter(f -> f.name().equals(field)).findFirst()
                        .orElse(null);
                return spec == null ? null : (Object) synthetic(spec, round);
            };
            for (float v : model.explain(record, "priming row " + r, 3).outputs()) {
                sum += v;
            }
        }
        return sum;
    }

    private static double synthetic(FeatureSpec spec, int round) {
        double lo = spec.min() != null ? spec.min() : 0;
        double hi = spec.max() != null ? spec.max() : lo + 100;
        double v = lo + (hi - lo) * ((round * 37 % 100) / 100.0);
        return switch (spec.type()) {
            case BOOL -> round % 2;
            case INT -> Math.floor(v);
            default -> v;
        };
    }
}
