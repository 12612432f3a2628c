/**
 * The rollout capability's pre-traffic check: before CodeDeploy shifts traffic to a new function version,
 * {@code PreTrafficCheck} replays each model version's golden set through that version ({@code LambdaGoldenProbe},
 * a Lambda Invoke of the version ARN carrying the {@link com.anycompany.scoring.rollout.ProbeContract} marker, in the
 * payload formats of {@code ProbePayloads}), compares the answers with the golden outputs, and reports Succeeded or
 * Failed to CodeDeploy ({@code CodeDeployHookReporter}, a thin signed PutLifecycleEventHookExecutionStatus call,
 * since the SDK's CodeDeploy client is not available). The deploy-hooks function is a thin handler over it.
 */
package com.anycompany.scoring.rollout.hooks;
