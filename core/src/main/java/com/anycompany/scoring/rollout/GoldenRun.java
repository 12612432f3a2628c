package com.anycompany.scoring.rollout;

import com.anycompany.scoring.model.LoadedModel;

import java.util.ArrayList;
import java.util.List;

/** Replays a golden set through a model in this process (the CLI's promotion gate; the functions' probe path). */
public final class GoldenRun {
    private GoldenRun() {
    }

    public static List<GoldenGate.Observation> run(LoadedModel model, GoldenSet golden) {
        List<GoldenGate.Observation> out = new ArrayList<>(golden.size());
        for (int i = 0; i < golden.size(); i++) {
            long start = System.nanoTime();
            try {
                float[] y = model.score(golden.record(i), "golden row " + i);
                out.add(GoldenGate.Observation.ok(i, y, (System.nanoTime() - start) / 1e6));
            } catch (RuntimeException e) {
                out.add(GoldenGate.Observation.failed(i, e.getMessage(), (System.nanoTime() - start) / 1e6));
            }
        }
        return out;
    }
}
