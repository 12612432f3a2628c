/**
 * IAM checks: every AWS call the functions make in the local runtime is recorded ({@code AwsCallRecorder}, an SDK
 * execution interceptor) and evaluated against the function's policies from {@code template.yaml} by the
 * {@code @cloud-copilot/iam-simulate} evaluator, so a missing grant fails a test rather than a deployment.
 */
package com.anycompany.scoring.integration.iam;
