package com.anycompany.scoring.batch;

import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;
import software.amazon.awssdk.services.sfn.model.StartExecutionResponse;

/**
 * {@link ExecutionStarter} over the SDK's Step Functions client: one {@code StartExecution} call. A name already used
 * ({@code ExecutionAlreadyExists}) means the event was delivered before: reported as a duplicate, not an error.
 * There is no local Step Functions server, so this adapter is only exercised against AWS.
 */
public final class SfnExecutionStarter implements ExecutionStarter {
    private final SfnClient sfn;
    private final String stateMachineArn;

    public SfnExecutionStarter(SfnClient sfn, String stateMachineArn) {
        this.sfn = sfn;
        this.stateMachineArn = stateMachineArn;
    }

    @Override
    public Started start(String executionName, String inputJson) {
        try {
            StartExecutionResponse r = sfn.startExecution(b -> b.stateMachineArn(stateMachineArn).name(executionName)
                    .input(inputJson));
            return new Started(executionName, r.executionArn(), false);
        } catch (ExecutionAlreadyExistsException e) {
            return new Started(executionName, executionArn(executionName), true);
        } catch (SdkClientException e) {
            throw new BatchStorageUnavailableException("cannot reach Step Functions to start " + executionName + ": "
                    + e.getMessage(), e);
        }
    }

    /** arn:aws:states:region:account:stateMachine:name -> arn:aws:states:region:account:execution:name:executionName */
    String executionArn(String executionName) {
        return stateMachineArn.replaceFirst(":stateMachine:", ":execution:") + ":" + executionName;
    }
}
