package com.anycompany.scoring.cli.iam;

import com.anycompany.scoring.config.FunctionEnvironment;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.util.List;
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
    private static final Queue<AwsCall> CALLS = new ConcurrentLinkedQueue<>();
    private static volatile boolean recording;
    private static volatile BiPredicate<String, String> mayListBucket;

    /** One call: function name, operation (e.g. GetObject), the request, and whether the key was missing. */
    public record AwsCall(String function, String service, String operation, SdkRequest request, boolean missingKey) {
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

    @Override
    public Throwable modifyException(Context.FailedExecution context, ExecutionAttributes attributes) {
        Throwable e = context.exception();
        SdkRequest request = context.request();
        boolean missing = (request instanceof GetObjectRequest || request instanceof HeadObjectRequest)
                && e instanceof S3Exception s3 && s3.statusCode() == 404;
        record(request, attributes, missing);
        String function = attributes.getAttribute(FUNCTION);
        BiPredicate<String, String> rule = mayListBucket;
        if (missing && function != null && rule != null && !rule.test(function, bucket(request))) {
            return S3Exception.builder()
                    .statusCode(403)
                    .message("Access Denied (Service: S3, Status Code: 403)")
                    .awsErrorDetails(AwsErrorDetails.builder().errorCode("AccessDenied").errorMessage("Access Denied")
                            .serviceName("S3").build())
                    .build();
        }
        return e;
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
