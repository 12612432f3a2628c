/**
 * The CodeDeploy pre-traffic hook: before any traffic shifts to a new function version, {@code PreTrafficCheck} sends
 * each model version's golden set to that version through a {@code GoldenProbe} ({@code LambdaGoldenProbe} invokes it
 * with a payload built by {@code ProbePayloads} in the shared probe contract), judges the answers with the core's
 * {@code GoldenGate}, and reports Succeeded or Failed through a {@code LifecycleStatusReporter} ({@code
 * CodeDeployHookReporter} speaks CodeDeploy's own wire format).
 */
package com.anycompany.scoring.functions.hooks;
