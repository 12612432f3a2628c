package com.anycompany.scoring.model;

import com.anycompany.scoring.feature.RecordView;

import java.util.ArrayList;
import java.util.List;

/**
 * Exercises a loaded model's whole scoring path (mapping, tree walk, objective, TreeSHAP reasons) on synthetic rows built from its card,
 * so that a SnapStart snapshot holds JIT-compiled code and a restored container serves its first request warm. Each
 * path a function may take is run: one record at a time (the salary endpoint), a batch of 10 explained together with
 * one block walk (the fraud function's SQS batch) and a block scored at once (the batch transform); the engine's lazily
 * built tables (the batch layout, the TreeSHAP tables and per-thread scratch) are built here, before the snapshot.
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
        int nf = model.compiled().numFeatures();
        List<float[]> batch = new ArrayList<>(BATCH);
        for (int r = 0; r < BATCH; r++) {
            final int round = r;
            batch.add(model.schema().map(field -> model.card().features().stream().filter(f -> f.name().equals(field))
                    .findFirst().map(spec -> (Object) synthetic(spec, round)).orElse(null), "priming batch row " + r));
        }
        float[] rows = new float[BATCH * nf];
        for (int r = 0; r < BATCH; r++) {
            System.arraycopy(batch.get(r), 0, rows, r * nf, nf);
        }
        float[] out = new float[BATCH * model.compiled().numOutputs()];
        for (int r = 0; r < Math.max(1, rounds / BATCH); r++) {
            for (LoadedModel.Explained e : model.explainRows(batch, 3, null)) {
                sum += e.outputs()[0];
            }
            model.compiled().predictBatch(rows, BATCH, out);
            sum += out[0];
        }
        return sum;
    }

    /** Rows per primed batch: an SQS batch of the fraud function. */
    private static final int BATCH = 10;

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
