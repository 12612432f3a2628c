package com.anycompany.scoring.advisor;

import java.util.List;

/** The decision table, in order: the first rule that applies picks the inference mode. */
public final class ModeRules {
    public static final List<ModeRule> DEFAULT = List.of(
            new AcceleratorRule(),
            new BeyondLambdaRule(),
            new NoResponseRule(),
            new LargePayloadOrLongProcessingRule(),
            new SustainedTrafficRule(),
            new IntermittentQueueRule(),
            new IntermittentRequestRule(),
            new EventRule());

    private ModeRules() {
    }

    public static ModeDecision decide(Facts facts, List<ModeRule> rules) {
        for (ModeRule rule : rules) {
            var d = rule.apply(facts);
            if (d.isPresent()) {
                return d.get();
            }
        }
        throw new IllegalStateException("no rule decided for profile " + facts.profile().name());
    }
}
