package com.anycompany.scoring.rollout.hooks;

/** Tells CodeDeploy how a lifecycle hook ended: "Succeeded" lets traffic shift, "Failed" rolls the deployment back. */
public interface LifecycleStatusReporter {
    void report(String deploymentId, String lifecycleEventHookExecutionId, String status);
}
