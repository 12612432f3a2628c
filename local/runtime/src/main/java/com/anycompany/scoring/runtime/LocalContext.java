package com.anycompany.scoring.runtime;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.logging.LogLevel;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** The {@link Context} of one local invocation: a fresh request id, the deadline from the function's Timeout. */
public final class LocalContext extends DirectInvokeContext {
    private final String requestId = UUID.randomUUID().toString();
    private final SamTemplate.Function function;
    private final long deadlineMillis;
    private final LambdaLogger logger;

    public LocalContext(SamTemplate.Function function) {
        this(function, System.err);
    }

    public LocalContext(SamTemplate.Function function, PrintStream log) {
        this.function = function;
        this.deadlineMillis = System.currentTimeMillis() + function.timeoutSeconds() * 1000L;
        this.logger = new StreamLogger(log);
    }

    @Override
    public String getAwsRequestId() {
        return requestId;
    }

    @Override
    public String getLogGroupName() {
        return "/aws/lambda/" + function.functionName();
    }

    @Override
    public String getLogStreamName() {
        return "local/[$LATEST]" + requestId.replace("-", "");
    }

    @Override
    public String getFunctionName() {
        return function.functionName();
    }

    @Override
    public String getFunctionVersion() {
        return "$LATEST";
    }

    @Override
    public String getInvokedFunctionArn() {
        return function.arn();
    }

    @Override
    public int getRemainingTimeInMillis() {
        return (int) Math.max(0, deadlineMillis - System.currentTimeMillis());
    }

    @Override
    public int getMemoryLimitInMB() {
        return function.memorySize();
    }

    @Override
    public LambdaLogger getLogger() {
        return logger;
    }

    /** Prints to stderr, never stdout (stdout carries command results). */
    private static final class StreamLogger implements LambdaLogger {
        private final PrintStream out;

        StreamLogger(PrintStream out) {
            this.out = out;
        }

        @Override
        public void log(String message) {
            out.print(message.endsWith("\n") ? message : message + "\n");
            out.flush();
        }

        @Override
        public void log(byte[] message) {
            log(new String(message, StandardCharsets.UTF_8));
        }

        @Override
        public void log(String message, LogLevel level) {
            log(level == null || level == LogLevel.UNDEFINED ? message : "[" + level + "] " + message);
        }
    }
}
