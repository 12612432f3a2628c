package com.anycompany.scoring.runtime;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.anycompany.scoring.config.FunctionEnvironment;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;

/** Handlers for the runtime tests. */
public final class TestHandlers {
    private TestHandlers() {
    }

    /** Bodies starting with "fail" are reported as failures; a body "boom" makes the whole invocation throw. */
    public static final class Batch implements RequestHandler<SQSEvent, SQSBatchResponse> {
        public static final ConcurrentLinkedQueue<SQSEvent.SQSMessage> SEEN = new ConcurrentLinkedQueue<>();
        public static volatile int instances;
        final String mode;

        public Batch() {
            instances++;
            mode = FunctionEnvironment.require("TEST_MODE");
        }

        @Override
        public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
            System.out.println("handler output that must not reach stdout");
            List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
            for (SQSEvent.SQSMessage m : event.getRecords()) {
                SEEN.add(m);
                if (m.getBody().equals("boom")) {
                    throw new IllegalStateException("boom in " + mode);
                }
                if (m.getBody().startsWith("fail")) {
                    failures.add(new SQSBatchResponse.BatchItemFailure(m.getMessageId()));
                }
            }
            return failures.isEmpty() ? null : new SQSBatchResponse(failures);
        }
    }

    /** Counts invocations that overlap on one instance (Lambda never runs two at once in one environment). */
    public static final class Exclusive implements RequestHandler<SQSEvent, SQSBatchResponse> {
        public static final java.util.concurrent.atomic.AtomicInteger OVERLAPS =
                new java.util.concurrent.atomic.AtomicInteger();
        public static final java.util.concurrent.atomic.AtomicInteger INVOCATIONS =
                new java.util.concurrent.atomic.AtomicInteger();
        private final java.util.concurrent.atomic.AtomicInteger busy = new java.util.concurrent.atomic.AtomicInteger();

        @Override
        public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
            INVOCATIONS.incrementAndGet();
            if (busy.incrementAndGet() > 1) {
                OVERLAPS.incrementAndGet();
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                busy.decrementAndGet();
            }
            return new SQSBatchResponse(List.of());
        }
    }

    /** Answers a partial batch response Lambda cannot parse. */
    public static final class Unparseable implements RequestStreamHandler {
        @Override
        public void handleRequest(InputStream in, OutputStream out, Context context) throws IOException {
            in.readAllBytes();
            out.write("{\"batchItemFailures\": [".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    /** Echoes what its constructor saw in FunctionEnvironment. */
    public static final class Env implements RequestHandler<Map<String, Object>, Map<String, Object>> {
        private final String value;
        private final String fn;
        private final String s3;

        public Env() {
            value = FunctionEnvironment.require("MY_VALUE");
            fn = FunctionEnvironment.require("AWS_LAMBDA_FUNCTION_NAME");
            s3 = FunctionEnvironment.require("AWS_ENDPOINT_URL_S3");
        }

        @Override
        public Map<String, Object> handleRequest(Map<String, Object> input, Context context) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("value", value);
            out.put("function", fn);
            out.put("s3", s3);
            out.put("input", input);
            out.put("memory", context.getMemoryLimitInMB());
            return out;
        }
    }

    /** Takes an SQSEvent parsed from a file and answers with an SQSBatchResponse. */
    public static final class Typed implements RequestHandler<SQSEvent, SQSBatchResponse> {
        @Override
        public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
            return new SQSBatchResponse(List.of(new SQSBatchResponse.BatchItemFailure(
                    event.getRecords().get(0).getMessageId() + ":" + event.getRecords().get(0).getEventSourceArn())));
        }
    }

    public static final class Stream implements RequestStreamHandler {
        @Override
        public void handleRequest(InputStream in, OutputStream out, Context context) throws IOException {
            byte[] bytes = in.readAllBytes();
            out.write(("{\"length\":" + bytes.length + "}").getBytes());
        }
    }
}
