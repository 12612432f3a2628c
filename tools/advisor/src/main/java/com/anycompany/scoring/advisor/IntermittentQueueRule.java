package com.anycompany.scoring.advisor;

import com.anycompany.scoring.advisor.ModelProfile.Source;

import java.util.Optional;

import static com.anycompany.scoring.advisor.Needs.fmt;

/** Requests arrive on a queue and the traffic is not sustained: Lambda with an SQS event source mapping. */
public final class IntermittentQueueRule implements ModeRule {
    @Override
    public String name() {
        return "intermittent-queue-traffic";
    }

    @Override
    public String description() {
        return "requests arrive on SQS and an always-on instance would mostly idle or cost more: Lambda SQS event-driven";
    }

    @Override
    public Optional<ModeDecision> apply(Facts f) {
        if (f.profile().source() != Source.SQS || f.lambda().mode() != InferenceMode.LAMBDA_SQS) {
            return Optional.empty();
        }
        return decide(InferenceMode.LAMBDA_SQS, IntermittentRequestRule.serverlessWhy(f)
                + fmt(" Requests arrive on SQS: an event source mapping with batches of %s, partial batch responses"
                        + " and a dead-letter queue.", f.lambda().recordsPerInvocation()));
    }
}
