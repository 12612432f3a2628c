package com.anycompany.scoring.integration.faults;

import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Where fault tests act: a global SDK interceptor (registered for every client on the test classpath through
 * {@code software/amazon/awssdk/global/handlers/execution.interceptors}) that calls the test's hook at chosen points
 * of a real request, so a test can stop or restart a real server (S3Proxy, ElasticMQ) exactly between two requests
 * of a function, or just after the server committed one. With no hook set it does nothing; it never answers a
 * request itself.
 */
public final class FaultPoints implements ExecutionInterceptor {
    public enum Phase {
        /** Before each attempt is sent (per SDK retry). */
        BEFORE_TRANSMISSION,
        /** After the server answered an attempt, before the response is read. */
        AFTER_TRANSMISSION,
        /** After the call succeeded (response available). */
        AFTER_EXECUTION
    }

    @FunctionalInterface
    public interface Hook {
        void at(Phase phase, String operation, SdkRequest request, SdkResponse response);
    }

    private static volatile Hook hook;

    public static void set(Hook h) {
        hook = h;
    }

    public static void clear() {
        hook = null;
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        call(Phase.BEFORE_TRANSMISSION, attributes, context.request(), null);
    }

    @Override
    public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
        call(Phase.AFTER_TRANSMISSION, attributes, context.request(), null);
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        call(Phase.AFTER_EXECUTION, attributes, context.request(), context.response());
    }

    private static void call(Phase phase, ExecutionAttributes attributes, SdkRequest request, SdkResponse response) {
        Hook h = hook;
        if (h != null) {
            h.at(phase, attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME), request, response);
        }
    }
}
