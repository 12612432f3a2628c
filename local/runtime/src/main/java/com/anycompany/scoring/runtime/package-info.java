/**
 * The local AWS emulator's Lambda half: reads a SAM {@code template.yaml} ({@link com.anycompany.scoring.runtime.SamTemplate},
 * {@link com.anycompany.scoring.runtime.CfnYaml}; Globals merged, intrinsics resolved to local names), creates each
 * handler through its no-arg constructor and invokes it with the Lambda Java runtime's own serializers
 * ({@link com.anycompany.scoring.runtime.LocalLambda}, {@link com.anycompany.scoring.runtime.LambdaJson}), and polls
 * SQS event sources with Lambda's batch and partial-failure semantics
 * ({@link com.anycompany.scoring.runtime.SqsEventSourcePoller}). {@link com.anycompany.scoring.runtime.LocalRuntime}
 * wires it all to the embedded S3 and SQS servers of {@code com.anycompany.scoring.local.LocalAws}. Nothing here is a
 * command: the {@code ./scoring} commands in {@code com.anycompany.scoring.cli} drive it.
 */
package com.anycompany.scoring.runtime;
