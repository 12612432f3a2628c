package com.anycompany.scoring.cli;

import com.anycompany.scoring.engine.Engines;
import com.anycompany.scoring.model.LoadedModel;
import com.anycompany.scoring.model.ModelLoader;
import com.anycompany.scoring.model.ModelRef;
import com.anycompany.scoring.model.S3ModelStore;
import com.anycompany.scoring.rollout.GoldenGate;
import com.anycompany.scoring.rollout.GoldenRun;
import com.anycompany.scoring.rollout.GoldenSet;
import com.anycompany.scoring.rollout.GoldenStore;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The promotion gate of the model-only path: loads the version from S3 exactly as the functions do (card, SHA-256
 * check, pure-Java engine) and replays its golden set through {@link GoldenGate}. A version that fails cannot be
 * promoted, shifted to, or shadowed.
 */
final class RolloutGate {
    /** p99 budget per golden row when scoring in process (the function's own budget is checked by the hook). */
    static final double LOCAL_P99_BUDGET_MS = 50;

    private RolloutGate() {
    }

    static GoldenGate.Verdict check(S3Client s3, String bucket, ModelRef ref) {
        LoadedModel model = new ModelLoader(new S3ModelStore(s3, bucket), Engines.named(Engines.DEFAULT)).load(ref);
        GoldenSet golden = new GoldenStore(s3, bucket).get(ref);
        GoldenRun.run(model, golden); // warm-up pass (JIT), as SnapStart priming does for the function
        return GoldenGate.forCard(model.card(), LOCAL_P99_BUDGET_MS).decide(golden, GoldenRun.run(model, golden));
    }

    /** @throws GateRefusedException when {@code ref} fails its golden set */
    static GoldenGate.Verdict require(S3Client s3, String bucket, ModelRef ref) {
        GoldenGate.Verdict v = check(s3, bucket, ref);
        if (!v.passed()) {
            throw new GateRefusedException(ref + " fails its golden set, refusing: " + v.reason());
        }
        return v;
    }

    static final class GateRefusedException extends RuntimeException {
        GateRefusedException(String message) {
            super(message);
        }
    }
}
