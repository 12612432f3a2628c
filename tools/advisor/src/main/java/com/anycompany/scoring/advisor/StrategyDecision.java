package com.anycompany.scoring.advisor;

/** The chosen deployment strategy, the rule that chose it and why. */
public record StrategyDecision(DeploymentStrategy strategy, String rule, String explanation) {
}
