package com.anycompany.scoring.advisor;

import com.anycompany.scoring.advisor.ModelProfile.Criticality;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The deployment strategy table, in order; the first rule that applies decides. Each rule is a name, the condition, the
 * strategy and the explanation: data, not code paths.
 */
public final class StrategyRules {
    /** One row. */
    public record Rule(String name, String description, Predicate<Facts> when, DeploymentStrategy strategy,
                       Function<Facts, String> why) {
        public Optional<StrategyDecision> apply(Facts f) {
            return when.test(f) ? Optional.of(new StrategyDecision(strategy, name, why.apply(f))) : Optional.empty();
        }
    }

    public static final List<Rule> DEFAULT = List.of(
            new Rule("batch-pinned-per-run", "batch work has no live traffic to shift",
                    f -> !f.profile().response().perRequest(), DeploymentStrategy.pinnedPerRun(),
                    f -> "Batch: there is no live traffic to shift. Each run pins one model version, checked against"
                            + " its golden set before the run starts; a bad version fails the check, not the run."),
            new Rule("high-criticality-linear", "high criticality: shift 25% an hour, roll back on alarms",
                    f -> f.profile().criticality() == Criticality.HIGH, DeploymentStrategy.linear(25, 60),
                    f -> "High criticality: 25% more traffic every 60 minutes, so a regression reaches a quarter of the"
                            + " traffic at most before the error, throttle or p99 alarms roll it back."),
            new Rule("user-facing-canary", "user-facing: 5% canary for two hours",
                    f -> f.profile().userFacing(), DeploymentStrategy.canary(5, 120),
                    f -> "User-facing: 5% of users see the new version for 120 minutes, long enough for the alarms"
                            + " (and complaints) to surface, before the rest."),
            new Rule("medium-criticality-canary", "medium criticality: 10% canary for 30 minutes",
                    f -> f.profile().criticality() == Criticality.MEDIUM, DeploymentStrategy.canary(10, 30),
                    f -> "Medium criticality: a 10% canary for 30 minutes with alarm rollback, then all traffic."),
            new Rule("low-criticality-all-at-once", "low criticality: all at once",
                    f -> true, DeploymentStrategy.allAtOnce(),
                    f -> "Low criticality: all traffic moves at once; the previous version stays published for a fast"
                            + " manual rollback."));

    private StrategyRules() {
    }

    public static StrategyDecision decide(Facts facts, List<Rule> rules) {
        for (Rule r : rules) {
            Optional<StrategyDecision> d = r.apply(facts);
            if (d.isPresent()) {
                return d.get();
            }
        }
        throw new IllegalStateException("no deployment strategy rule applied to " + facts.profile().name());
    }
}
