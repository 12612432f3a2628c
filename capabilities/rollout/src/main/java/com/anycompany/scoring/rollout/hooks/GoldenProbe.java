package com.anycompany.scoring.rollout.hooks;

import com.anycompany.scoring.rollout.GoldenGate;
import com.anycompany.scoring.rollout.GoldenSet;

import java.util.List;

/** Sends a golden set to the function version under test and returns what it answered, row by row. */
public interface GoldenProbe {
    /**
     * @param version the model version the function must score with
     * @throws ProbeFailedException the invocation itself failed (function error, throttled, unreachable)
     */
    List<GoldenGate.Observation> probe(GoldenSet golden, String version);

    final class ProbeFailedException extends RuntimeException {
        public ProbeFailedException(String message) {
            super(message);
        }

        public ProbeFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
