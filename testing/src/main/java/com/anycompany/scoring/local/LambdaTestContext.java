package com.anycompany.scoring.local;

import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.anycompany.scoring.runtime.DirectInvokeContext;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** A Lambda context for handler tests (function name {@code <name>-test}), shared by every function module. */
public final class LambdaTestContext extends DirectInvokeContext {
    private final String requestId = UUID.randomUUID().toString();
    private final String name;

    public LambdaTestContext() {
        this("function");
    }

    public LambdaTestContext(String function) {
        this.name = function + "-test";
    }

    @Override
    public String getAwsRequestId() {
        return requestId;
    }

    @Override
    public String getLogGroupName() {
        return "/aws/lambda/" + name;
    }

    @Override
    public String getLogStreamName() {
        return "test";
    }

    @Override
    public String getFunctionName() {
        return name;
    }

    @Override
    public String getFunctionVersion() {
        return "$LATEST";
    }

    @Override
    public String getInvokedFunctionArn() {
        return "arn:aws:lambda:us-east-1:000000000000:function:" + name;
    }

    @Override
    public int getRemainingTimeInMillis() {
        return 30_000;
    }

    @Override
    public int getMemoryLimitInMB() {
        return 1024;
    }

    @Override
    public LambdaLogger getLogger() {
        return new LambdaLogger() {
            @Override
            public void log(String message) {
                System.err.println(message);
            }

            @Override
            public void log(byte[] message) {
                System.err.println(new String(message, StandardCharsets.UTF_8));
            }
        };
    }
}
