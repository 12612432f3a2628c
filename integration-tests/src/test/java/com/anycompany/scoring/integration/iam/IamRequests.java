package com.anycompany.scoring.integration.iam;

import com.anycompany.scoring.runtime.LocalCodeDeploy;
import com.anycompany.scoring.local.LocalAws;
import software.amazon.awssdk.services.lambda.model.InvokeRequest;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectsRequest;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadBucketRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequest;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityRequest;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.DeleteMessageRequest;
import software.amazon.awssdk.services.sqs.model.GetQueueAttributesRequest;
import software.amazon.awssdk.services.sqs.model.GetQueueUrlRequest;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;
import software.amazon.awssdk.services.textract.model.GetDocumentAnalysisRequest;
import software.amazon.awssdk.services.textract.model.StartDocumentAnalysisRequest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What IAM authorizes for one call: the action, the resource ARN and the request's condition keys, per the
 * Service Authorization Reference (Amazon S3, Amazon SQS, Amazon Textract, AWS Lambda, AWS CodeDeploy, IAM).
 * Textract's actions have no resource types, so their resource is {@code *}; StartDocumentAnalysis with a
 * NotificationChannel also needs {@code iam:PassRole} on its RoleArn (Textract documents this), with
 * {@code iam:PassedToService = textract.amazonaws.com}. Lambda Invoke is {@code lambda:InvokeFunction} on the function
 * ARN with its qualifier; CodeDeploy's PutLifecycleEventHookExecutionStatus (recorded by the local CodeDeploy server,
 * the hooks sign it themselves) is authorized on the deployment group,
 * {@code arn:aws:codedeploy:<region>:<account>:deploymentgroup:<application>/<group>}. HeadObject is authorized as s3:GetObject, ListObjectsV2 as
 * s3:ListBucket on the bucket with {@code s3:prefix} when the request has a prefix, DeleteObjects as s3:DeleteObject
 * per key, CopyObject as s3:GetObject on the source and s3:PutObject on the target. A GetObject or HeadObject that
 * found no key also needs s3:ListBucket on the bucket with no condition key (the request carries no prefix), else S3
 * answers 403. An operation not listed here fails the check, so a new kind of call is never waved through.
 */
public final class IamRequests {
    private IamRequests() {
    }

    /**
     * One authorization: {@code rule} says why it is needed beyond the action itself (e.g. the missing-key rule);
     * {@code serviceDocumentedResource}: the resource is the one the service's own documentation names for the action
     * although the Service Authorization Reference (the evaluator's action table) lists none (see {@link IamSimulator}).
     */
    public record IamRequest(String action, String resource, Map<String, String> context, String rule,
                             boolean serviceDocumentedResource) {
        public IamRequest(String action, String resource, Map<String, String> context, String rule) {
            this(action, resource, context, rule, false);
        }
    }

    public static List<IamRequest> of(AwsCallRecorder.AwsCall call) {
        Object r = call.request();
        List<IamRequest> out = new ArrayList<>();
        if (r instanceof GetObjectRequest g) {
            object(out, "s3:GetObject", g.bucket(), g.key(), call.missingKey());
        } else if (r instanceof HeadObjectRequest h) {
            object(out, "s3:GetObject", h.bucket(), h.key(), call.missingKey());
        } else if (r instanceof PutObjectRequest p) {
            object(out, "s3:PutObject", p.bucket(), p.key(), false);
        } else if (r instanceof CreateMultipartUploadRequest p) {
            object(out, "s3:PutObject", p.bucket(), p.key(), false);
        } else if (r instanceof UploadPartRequest p) {
            object(out, "s3:PutObject", p.bucket(), p.key(), false);
        } else if (r instanceof CompleteMultipartUploadRequest p) {
            object(out, "s3:PutObject", p.bucket(), p.key(), false);
        } else if (r instanceof AbortMultipartUploadRequest p) {
            object(out, "s3:AbortMultipartUpload", p.bucket(), p.key(), false);
        } else if (r instanceof DeleteObjectRequest d) {
            object(out, "s3:DeleteObject", d.bucket(), d.key(), false);
        } else if (r instanceof DeleteObjectsRequest d) {
            d.delete().objects().forEach(o -> object(out, "s3:DeleteObject", d.bucket(), o.key(), false));
        } else if (r instanceof CopyObjectRequest c) {
            object(out, "s3:GetObject", c.sourceBucket(), c.sourceKey(), false);
            object(out, "s3:PutObject", c.destinationBucket(), c.destinationKey(), false);
        } else if (r instanceof ListObjectsV2Request l) {
            out.add(list(l.bucket(), l.prefix()));
        } else if (r instanceof ListObjectsRequest l) {
            out.add(list(l.bucket(), l.prefix()));
        } else if (r instanceof HeadBucketRequest h) {
            out.add(list(h.bucket(), null));
        } else if (r instanceof SendMessageRequest s) {
            out.add(queue("sqs:SendMessage", s.queueUrl()));
        } else if (r instanceof SendMessageBatchRequest s) {
            out.add(queue("sqs:SendMessage", s.queueUrl()));
        } else if (r instanceof ReceiveMessageRequest s) {
            out.add(queue("sqs:ReceiveMessage", s.queueUrl()));
        } else if (r instanceof DeleteMessageRequest s) {
            out.add(queue("sqs:DeleteMessage", s.queueUrl()));
        } else if (r instanceof DeleteMessageBatchRequest s) {
            out.add(queue("sqs:DeleteMessage", s.queueUrl()));
        } else if (r instanceof ChangeMessageVisibilityRequest s) {
            out.add(queue("sqs:ChangeMessageVisibility", s.queueUrl()));
        } else if (r instanceof ChangeMessageVisibilityBatchRequest s) {
            out.add(queue("sqs:ChangeMessageVisibility", s.queueUrl()));
        } else if (r instanceof GetQueueAttributesRequest s) {
            out.add(queue("sqs:GetQueueAttributes", s.queueUrl()));
        } else if (r instanceof GetQueueUrlRequest s) {
            out.add(new IamRequest("sqs:GetQueueUrl", LocalAws.queueArn(s.queueName()), Map.of(), ""));
        } else if (r instanceof StartDocumentAnalysisRequest t) {
            out.add(new IamRequest("textract:StartDocumentAnalysis", "*", Map.of(), ""));
            if (t.notificationChannel() != null && t.notificationChannel().roleArn() != null) {
                out.add(new IamRequest("iam:PassRole", t.notificationChannel().roleArn(),
                        Map.of("iam:PassedToService", "textract.amazonaws.com"),
                        "StartDocumentAnalysis with a NotificationChannel passes its RoleArn to Textract"));
            }
        } else if (r instanceof GetDocumentAnalysisRequest) {
            out.add(new IamRequest("textract:GetDocumentAnalysis", "*", Map.of(), ""));
        } else if (r instanceof InvokeRequest i) {
            out.add(new IamRequest("lambda:InvokeFunction", functionArn(i.functionName(), i.qualifier()), Map.of(), ""));
        } else if (r instanceof LocalCodeDeploy.StatusReport s) {
            // CodeDeploy's permissions reference (and SAM's hook example) scope this action to the deployment group;
            // the Service Authorization Reference lists no resource type for it
            out.add(new IamRequest("codedeploy:PutLifecycleEventHookExecutionStatus", s.event().deploymentGroupArn(),
                    Map.of(), "", true));
        } else {
            throw new IllegalStateException(call.function() + " called " + call.service() + "." + call.operation()
                    + ", which IamRequests does not map to an IAM action yet; add it (see the Service Authorization"
                    + " Reference)");
        }
        return out;
    }

    /** A function name, partial or full ARN (qualifier in it or given) → the ARN Lambda authorizes Invoke on. */
    private static String functionArn(String named, String qualifier) {
        String[] parts = named.split(":");
        String name;
        String inArn = null;
        if (named.startsWith("arn:")) {
            name = parts[6];
            inArn = parts.length > 7 ? parts[7] : null;
        } else if (parts.length >= 3 && parts[1].equals("function")) {
            name = parts[2];
            inArn = parts.length > 3 ? parts[3] : null;
        } else {
            name = parts[0];
            inArn = parts.length > 1 ? parts[1] : null;
        }
        String q = inArn != null ? inArn : qualifier;
        return "arn:aws:lambda:" + LocalAws.REGION + ":" + LocalAws.ACCOUNT_ID + ":function:" + name
                + (q == null ? "" : ":" + q);
    }

    private static void object(List<IamRequest> out, String action, String bucket, String key, boolean missing) {
        out.add(new IamRequest(action, "arn:aws:s3:::" + bucket + "/" + key, Map.of(), ""));
        if (missing) {
            out.add(new IamRequest("s3:ListBucket", "arn:aws:s3:::" + bucket, Map.of(),
                    "the key " + key + " was missing: S3 answers 404 only to a caller that may list the bucket, else 403"));
        }
    }

    private static IamRequest list(String bucket, String prefix) {
        return new IamRequest("s3:ListBucket", "arn:aws:s3:::" + bucket,
                prefix == null ? Map.of() : Map.of("s3:prefix", prefix), "");
    }

    /** {@code http://host:port/<account>/<name>} → {@code arn:aws:sqs:<region>:<account>:<name>}. */
    private static IamRequest queue(String action, String url) {
        String[] parts = url.replaceAll("/+$", "").split("/");
        String name = parts[parts.length - 1];
        String account = parts[parts.length - 2];
        return new IamRequest(action, "arn:aws:sqs:" + LocalAws.REGION + ":" + account + ":" + name, Map.of(), "");
    }
}
