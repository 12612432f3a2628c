package com.anycompany.scoring.advisor;

/** The chosen inference mode, the rule that chose it and why, in numbers. */
public record ModeDecision(InferenceMode mode, String rule, String explanation) {
}
