/**
 * Fault injection across functions: S3 and SQS calls made to fail at chosen points ({@code FaultPoints}, an SDK
 * execution interceptor) on the fraud path and the batch run, checking that nothing is lost and retries are idempotent.
 */
package com.anycompany.scoring.integration.faults;
