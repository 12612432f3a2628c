package com.anycompany.scoring.integration.iam;

import com.anycompany.scoring.config.FunctionEnvironment;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.http.SdkHttpResponse;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.BiPredicate;

/**
 * Test-scope SDK interceptor (registered for every client on the test classpath through
 * {@code software/amazon/awssdk/global/handlers/execution.interceptors}) that records each AWS call a function makes
 * while {@link #start() recording}: which function (the {@code AWS_LAMBDA_FUNCTION_NAME} of the environment the local
 * runtime installs around every invocation), the operation and the request, and whether a GetObject or HeadObject
 * found no key. Calls made outside a function (the test seeding data, the SQS event-source poller) are not the
 * function's and are not recorded.
 *
 * <p>It also applies S3's documented answer to a missing key, which S3Proxy does not (it enforces no IAM): with
 * {@link #awsNotFoundSemantics} set, a GetObject or HeadObject on a missing key by a function that may not
 * {@code s3:ListBucket} that bucket fails with 403 AccessDenied instead of 404 NoSuchKey, as in AWS
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html, "Permissions").
 */
public final class AwsCallRecorder implements ExecutionInterceptor {
    private static final ExecutionAttribute<String> FUNCTION = new ExecutionAttribute<>("scoring.iam.function");
    private static final ExecutionAttribute<Boolean> MISSING = new ExecutionAttribute<>("scoring.iam.missing");
    private static final ExecutionAttribute<Boolean> DENIED = new ExecutionAttribute<>("scoring.iam.denied");
    private static final String ACCESS_DENIED = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>AccessDenied"
            + "</Code><Message>Access Denied</Message><RequestId>LOCAL</RequestId><HostId>LOCAL</HostId></Error>";
    private static final Queue<AwsCall> CALLS = new ConcurrentLinkedQueue<>();
    private static volatile boolean recording;
    private static volatile BiPredicate<String, String> mayListBucket;

    /**
     * One call: function name, operation (e.g. GetObject), the request (an SDK request, or what a local server
     * recorded of a call made without the SDK), and whether the key was missing.
     */
    public record AwsCall(String function, String service, String operation, Object request, boolean missingKey) {
    }

    public static void start() {
        CALLS.clear();
        recording = true;
    }

    /** Stops recording and returns the calls recorded since {@link #start()}. */
    public static List<AwsCall> stop() {
        recording = false;
        List<AwsCall> out = List.copyOf(CALLS);
        CALLS.clear();
        return out;
    }

    /**
     * Records a call that reached a local server without an SDK client (the deployment hooks sign their own CodeDeploy
     * request): the server says which function made it.
     */
    public static void recordServerSide(String function, String service, String operation, Object request) {
        if (recording) {
            CALLS.add(new AwsCall(function, service, operation, request, false));
        }
    }

    /** {@code (function name, bucket) -> may list}; null turns the 403 rule off (S3Proxy's plain 404). */
    public static void awsNotFoundSemantics(BiPredicate<String, String> mayList) {
        mayListBucket = mayList;
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        FunctionEnvironment.get("AWS_LAMBDA_FUNCTION_NAME").ifPresent(f -> attributes.putAttribute(FUNCTION, f));
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        record(context.request(), attributes, false);
    }

    /**
     * A 404 to a GetObject or HeadObject is a missing key. For a function that may not list the bucket, the response
     * becomes the one AWS sends: 403 with an AccessDenied error document, which the SDK then parses as it would
     * AWS's own.
     */
    @Override
    public SdkHttpResponse modifyHttpResponse(Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
        SdkRequest request = context.request();
        SdkHttpResponse response = context.httpResponse();
        if (!(request instanceof GetObjectRequest || request instanceof HeadObjectRequest)
                || response.statusCode() != 404) {
            return response;
        }
        attributes.putAttribute(MISSING, Boolean.TRUE);
        String function = attributes.getAttribute(FUNCTION);
        BiPredicate<String, String> rule = mayListBucket;
        if (function == null || rule == null || rule.test(function, bucket(request))) {
            return response;
        }
        attributes.putAttribute(DENIED, Boolean.TRUE);
        return response.toBuilder().statusCode(403).statusText("Forbidden").removeHeader("Content-Length").build();
    }

    @Override
    public Optional<InputStream> modifyHttpResponseContent(Context.ModifyHttpResponse context,
            ExecutionAttributes attributes) {
        if (Boolean.TRUE.equals(attributes.getAttribute(DENIED)) && context.request() instanceof GetObjectRequest) {
            return Optional.of(new ByteArrayInputStream(ACCESS_DENIED.getBytes(StandardCharsets.UTF_8)));
        }
        return context.responseBody();
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        record(context.request(), attributes, Boolean.TRUE.equals(attributes.getAttribute(MISSING)));
    }

    private static void record(SdkRequest request, ExecutionAttributes attributes, boolean missingKey) {
        String function = attributes.getAttribute(FUNCTION);
        if (recording && function != null) {
            CALLS.add(new AwsCall(function, attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME),
                    attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME), request, missingKey));
        }
    }

    private static String bucket(SdkRequest request) {
        return request instanceof GetObjectRequest g ? g.bucket() : ((HeadObjectRequest) request).bucket();
    }
}
