package com.anycompany.scoring.advisor;

import java.util.List;

/**
 * How the model would run on Lambda in its natural Lambda mode: memory, duration, concurrency.
 *
 * @param recordsPerInvocation records one invocation scores (SQS batch size, shard size, or 1)
 * @param invocationsPerMonth  invocations of the scoring function in an average month
 * @param meanMs               estimated mean duration at {@code memoryMb} (x86_64)
 * @param p99Ms                estimated p99 duration at {@code memoryMb} (x86_64)
 * @param latencyMet           false when no memory size meets the profile's p99
 * @param reservedConcurrency  reserved concurrency: peak invocation rate x p99 duration x headroom (batch: shards at once)
 * @param timeoutSeconds       function timeout to set
 * @param shardsPerRun         batch only: shards (invocations) per run
 * @param points               the estimate at every candidate memory size
 */
public record LambdaSizing(InferenceMode mode, int memoryMb, int recordsPerInvocation, double invocationsPerMonth,
                           double meanMs, double p99Ms, boolean latencyMet, int reservedConcurrency,
                           int timeoutSeconds, long shardsPerRun, String memoryRule, List<Point> points) {

    /** The estimate at one memory size; {@code usdPerMillionRecords} is Lambda compute + requests on x86_64. */
    public record Point(int memoryMb, int recordsPerInvocation, double meanMs, double p99Ms,
                        double usdPerMillionRecords, boolean eligible) {
    }
}
