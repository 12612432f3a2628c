/**
 * The CodeDeploy pre-traffic hook function: {@code PreTrafficHookHandler} reads the lifecycle event and runs the
 * rollout capability's {@code PreTrafficCheck} (package {@code com.anycompany.scoring.rollout.hooks}) against the new
 * function version, which probes it with each model version's golden set and reports Succeeded or Failed to
 * CodeDeploy.
 */
package com.anycompany.scoring.functions.hooks;
