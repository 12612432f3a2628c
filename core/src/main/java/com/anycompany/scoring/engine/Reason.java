package com.anycompany.scoring.engine;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.ArrayList;
import java.util.List;

/**
 * One reason for a score: a feature, its value in the scored row ({@code null} when missing) and its SHAP
 * contribution to the margin (positive = pushed the score up).
 */
@JsonPropertyOrder({"feature", "value", "contribution"})
public record Reason(String feature, Float value, float contribution) {

    /**
     * The at most {@code k} features with the largest positive contributions in group {@code group} of {@code phi}
     * (laid out as {@link CompiledModel#contributions}), largest first; ties keep column order. Features that pushed
     * the score down or not at all are not reasons.
     */
    public static List<Reason> top(List<String> featureNames, float[] row, float[] phi, int group, int k) {
        int nf = row.length;
        int off = group * (nf + 1);
        List<Reason> out = new ArrayList<>(Math.max(0, Math.min(k, nf)));
        boolean[] taken = new boolean[nf];
        for (int n = 0; n < k; n++) {
            int best = -1;
            for (int f = 0; f < nf; f++) {
                float c = phi[off + f];
                if (!taken[f] && c > 0f && (best < 0 || c > phi[off + best])) {
                    best = f;
                }
            }
            if (best < 0) {
                break;
            }
            taken[best] = true;
            float v = row[best];
            String name = best < featureNames.size() ? featureNames.get(best) : "f" + best;
            out.add(new Reason(name, Float.isNaN(v) ? null : v, phi[off + best]));
        }
        return out;
    }

    /** {@code feature=value (+contribution)}, e.g. {@code amount=9800.0 (+1.234)}; a missing value prints as NA. */
    public String display() {
        return feature + "=" + (value == null ? "NA" : Float.toString(value)) + " ("
                + (contribution >= 0 ? "+" : "") + String.format(java.util.Locale.ROOT, "%.4g", contribution) + ")";
    }
}
