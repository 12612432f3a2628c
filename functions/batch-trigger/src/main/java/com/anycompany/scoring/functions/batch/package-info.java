/**
 * The S3-event entry of the batch transform: {@code BatchTriggerHandler} turns an uploaded input file into one Step
 * Functions execution through the batch capability's {@code SfnExecutionStarter} (the thin adapter over the SDK's
 * StartExecution, where an execution name already used means the event was delivered before: a duplicate).
 */
package com.anycompany.scoring.functions.batch;
