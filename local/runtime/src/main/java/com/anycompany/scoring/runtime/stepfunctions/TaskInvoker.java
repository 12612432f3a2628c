package com.anycompany.scoring.runtime.stepfunctions;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Runs the work of a Task state. The interpreter calls {@link #invoke} with the state's {@code Resource} ARN and its
 * effective parameters (after InputPath and Parameters), and applies ResultSelector / ResultPath / OutputPath to what
 * it returns. Throw {@link TaskFailure} with the error name Step Functions would report (Retry and Catch match it).
 *
 * <p>{@link LambdaTaskInvoker} implements the Lambda integrations ({@code arn:aws:states:::lambda:invoke} with its
 * {@code Payload} wrapping, and plain function ARNs) on top of a {@link LambdaTaskInvoker.Functions} lookup.
 */
public interface TaskInvoker {
    JsonNode invoke(String resourceArn, JsonNode parameters, TaskContext context) throws TaskFailure;

    /**
     * Whether this invoker can run {@code resourceArn}; checked for every Task state when the interpreter is built,
     * so an unsupported integration is refused by name before the execution starts.
     *
     * @return {@code null} when supported, otherwise the reason it is not
     */
    default String refusal(String resourceArn) {
        return null;
    }
}
