package com.anycompany.scoring.advisor;

import java.util.Optional;

/**
 * One row of the decision table. Rules are tried in order ({@link ModeRules#DEFAULT}); the first that applies decides,
 * and its explanation states the numbers that made it apply.
 */
public interface ModeRule {
    /** Short stable name, e.g. "no-response-per-request". */
    String name();

    /** What the rule checks, in one sentence. */
    String description();

    Optional<ModeDecision> apply(Facts facts);

    default Optional<ModeDecision> decide(InferenceMode mode, String explanation) {
        return Optional.of(new ModeDecision(mode, name(), explanation));
    }
}
