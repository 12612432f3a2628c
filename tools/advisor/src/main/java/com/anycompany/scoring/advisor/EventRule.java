package com.anycompany.scoring.advisor;

import java.util.Optional;

/** Anything else that needs an answer per request but has no waiting caller: an event-invoked (async) function. */
public final class EventRule implements ModeRule {
    @Override
    public String name() {
        return "event-per-request";
    }

    @Override
    public String description() {
        return "an answer per request, nobody waiting, no queue: Lambda async invocation with a destination";
    }

    @Override
    public Optional<ModeDecision> apply(Facts f) {
        return decide(InferenceMode.LAMBDA_ASYNC_CALLBACK, IntermittentRequestRule.serverlessWhy(f)
                + " Events (S3, schedule) invoke the function asynchronously; results go to an on-success destination.");
    }
}
