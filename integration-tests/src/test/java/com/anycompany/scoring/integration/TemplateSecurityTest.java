package com.anycompany.scoring.integration;

import com.anycompany.scoring.runtime.CfnYaml;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Least privilege and data protection in template.yaml, checked generically for EVERY resource, so a function,
 * bucket, queue or policy added later is held to the same rules:
 * <ul>
 *   <li>every S3 bucket: encryption at rest, all four public-access blocks, and a bucket policy denying requests
 *       without TLS ({@code aws:SecureTransport} false);</li>
 *   <li>every SQS queue: SSE (SqsManagedSseEnabled or a KMS key); every SNS topic: a KMS key; every bucket, queue
 *       and topic encrypted with the customer-managed key when the {@code KmsKeyArn} parameter is set (condition
 *       {@code UseCustomerKey}), and TLS-only: a queue or topic policy denying {@code aws:SecureTransport} false;</li>
 *   <li>documents (personal data) expire: lifecycle rules with a parameter's ExpirationInDays under
 *       documents/incoming/, processed/ and review/; the fraud function has reserved concurrency;</li>
 *   <li>every function: its own AWS::Logs::LogGroup with RetentionInDays (via LoggingConfig.LogGroup or named
 *       /aws/lambda/&lt;function&gt;);</li>
 *   <li>every IAM statement that allows: no {@code *} or {@code service:*} action, and no {@code *} resource except
 *       for the actions in {@link #STAR_RESOURCE_ONLY} (APIs with no resource-level permissions), with the condition
 *       the API offers where it offers one; no AWS managed policies; SAM policy templates only from the scoped list
 *       {@link #SCOPED_POLICY_TEMPLATES}.</li>
 * </ul>
 * Each rule is also checked to fail on a template that breaks it, so the test cannot pass vacuously.
 */
class TemplateSecurityTest {
    /**
     * Actions that support no resource-level permissions, so "Resource: *" is the narrowest possible; value = the
     * condition key that must then narrow them, or "" when the service offers none.
     */
    private static final Map<String, String> STAR_RESOURCE_ONLY = Map.of(
            // Textract asynchronous analysis: no resource types, no service condition keys
            "textract:StartDocumentAnalysis", "",
            "textract:GetDocumentAnalysis", "",
            "textract:AnalyzeDocument", "",
            // CloudWatch custom metrics (EMF does not need it; a direct PutMetricData must name its namespace)
            "cloudwatch:PutMetricData", "cloudwatch:namespace",
            // X-Ray tracing segments: no resource types
            "xray:PutTraceSegments", "",
            "xray:PutTelemetryRecords", "");

    /** SAM policy templates that are scoped by their parameter to one named queue, function or state machine. */
    private static final Set<String> SCOPED_POLICY_TEMPLATES = Set.of("SQSSendMessagePolicy", "SQSPollerPolicy",
            "StepFunctionsExecutionPolicy", "LambdaInvokePolicy", "SNSPublishMessagePolicy");

    private static final Set<String> FUNCTION_TYPES = Set.of("AWS::Serverless::Function", "AWS::Lambda::Function");

    private static Map<String, Object> template() {
        try {
            return CfnYaml.parse(Files.readString(Path.of("../template.yaml")));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theTemplateHoldsEveryRule() {
        Map<String, Object> t = template();
        List<String> problems = problems(t);
        assertEquals(List.of(), problems, "template.yaml security problems");
        // and it was not vacuous: the template has the resources the rules are about
        Map<String, Map<String, Object>> res = resources(t);
        assertTrue(count(res, "AWS::S3::Bucket") >= 3, "buckets checked");
        assertTrue(count(res, "AWS::SQS::Queue") >= 5, "queues checked");
        assertTrue(res.values().stream().filter(r -> FUNCTION_TYPES.contains(r.get("Type"))).count() >= 9,
                "functions checked");
    }

    @Test
    void aBucketWithoutEncryptionPublicBlockOrTlsPolicyIsCaught() {
        Map<String, Object> t = template();
        Map<String, Object> props = props(resources(t).get("DataBucket"));
        props.remove("BucketEncryption");
        assertHas(problems(t), "DataBucket: no encryption at rest");

        t = template();
        map(props(resources(t).get("ModelBucket")).get("PublicAccessBlockConfiguration")).put("BlockPublicPolicy", false);
        assertHas(problems(t), "ModelBucket: public access is not blocked");

        t = template();
        resources(t).remove("DocumentBucketTlsOnlyPolicy");
        assertHas(problems(t), "DocumentBucket: no bucket policy denying aws:SecureTransport false");
    }

    @Test
    void aQueueWithoutSseAndAFunctionWithoutLogRetentionAreCaught() {
        Map<String, Object> t = template();
        props(resources(t).get("DecisionsQueue")).remove("SqsManagedSseEnabled");
        props(resources(t).get("DecisionsQueue")).remove("KmsMasterKeyId");
        assertHas(problems(t), "DecisionsQueue: no server-side encryption");

        t = template();
        Map<String, Object> fn = new java.util.LinkedHashMap<>();
        fn.put("Type", "AWS::Serverless::Function");
        fn.put("Properties", new java.util.LinkedHashMap<>(Map.of("CodeUri", "functions/new-one", "Handler", "X::y")));
        resources(t).put("SomeLaterFunction", fn);
        assertHas(problems(t), "SomeLaterFunction: no log group with RetentionInDays");

        t = template();
        props(resources(t).get("FraudScoringFunctionLogGroup")).remove("RetentionInDays");
        assertHas(problems(t), "FraudScoringFunction: no log group with RetentionInDays");
    }

    @Test
    void wildcardResourcesAndActionsAreCaughtUnlessTheApiHasNoResourceLevelPermissions() {
        Map<String, Object> t = template();
        addStatement(t, "FinalizeFunction", Map.of("Effect", "Allow", "Action", "s3:GetObject", "Resource", "*"));
        assertHas(problems(t), "FinalizeFunction: statement allows [s3:GetObject] on Resource *");

        t = template();
        addStatement(t, "FinalizeFunction", Map.of("Effect", "Allow", "Action", "s3:*",
                "Resource", "arn:aws:s3:::b/*"));
        assertHas(problems(t), "FinalizeFunction: wildcard action s3:*");

        t = template();
        addStatement(t, "FinalizeFunction", Map.of("Effect", "Allow", "Action", "cloudwatch:PutMetricData",
                "Resource", "*"));
        assertHas(problems(t), "FinalizeFunction: cloudwatch:PutMetricData on Resource * needs a cloudwatch:namespace"
                + " condition");

        t = template();
        addStatement(t, "FinalizeFunction", Map.of("Effect", "Allow", "Action", "cloudwatch:PutMetricData",
                "Resource", "*", "Condition", Map.of("StringEquals", Map.of("cloudwatch:namespace", "ServerlessScoring"))));
        assertEquals(List.of(), problems(t), "the allow-listed API with its condition is accepted");

        t = template();
        ((List<Object>) props(resources(t).get("FinalizeFunction")).get("Policies")).add("AmazonS3FullAccess");
        assertHas(problems(t), "FinalizeFunction: managed policy AmazonS3FullAccess");

        t = template();
        ((List<Object>) props(resources(t).get("FinalizeFunction")).get("Policies")).add(
                Map.of("S3CrudPolicy", Map.of("BucketName", "x")));
        assertHas(problems(t), "FinalizeFunction: SAM policy template S3CrudPolicy");
    }

    @Test
    void aQueueOrTopicWithoutTlsOnlyPolicyOrCustomerKeyAndDocumentsKeptForeverAreCaught() {
        Map<String, Object> t = template();
        List<Object> queues = (List<Object>) props(resources(t).get("QueuesTlsOnlyPolicy")).get("Queues");
        queues.remove(Map.of("Ref", "DecisionsQueue"));
        assertHas(problems(t), "DecisionsQueue: no queue policy denying aws:SecureTransport false");

        t = template();
        resources(t).remove("TextractCompletionTopicTlsOnlyPolicy");
        assertHas(problems(t), "TextractCompletionTopic: no topic policy denying aws:SecureTransport false");

        t = template();
        props(resources(t).get("TransactionsQueue")).remove("KmsMasterKeyId");
        assertHas(problems(t), "TransactionsQueue: not encrypted with the customer key");

        t = template();
        map(((List<Object>) map(props(resources(t).get("ModelBucket")).get("BucketEncryption"))
                .get("ServerSideEncryptionConfiguration")).get(0)).put("ServerSideEncryptionByDefault",
                Map.of("SSEAlgorithm", "AES256"));
        assertHas(problems(t), "ModelBucket: not encrypted with the customer key");

        t = template();
        List<Object> rules = (List<Object>) map(props(resources(t).get("DocumentBucket")).get("LifecycleConfiguration"))
                .get("Rules");
        rules.removeIf(r -> "documents/review/".equals(map(r).get("Prefix")));
        assertHas(problems(t), "DocumentBucket: documents/review/ is kept forever");

        t = template();
        props(resources(t).get("FraudScoringFunction")).remove("ReservedConcurrentExecutions");
        assertHas(problems(t), "FraudScoringFunction: no ReservedConcurrentExecutions");
    }

    // ---- the rules ------------------------------------------------------------------------------------------------

    static List<String> problems(Map<String, Object> template) {
        List<String> out = new ArrayList<>();
        Map<String, Map<String, Object>> res = resources(template);
        res.forEach((id, r) -> {
            String type = String.valueOf(r.get("Type"));
            Map<String, Object> p = props(r);
            switch (type) {
                case "AWS::S3::Bucket" -> checkBucket(id, p, res, out);
                case "AWS::SQS::Queue" -> {
                    if (!Boolean.TRUE.equals(withKey(p.get("SqsManagedSseEnabled"), false))
                            && withKey(p.get("KmsMasterKeyId"), false) == null) {
                        out.add(id + ": no server-side encryption (SqsManagedSseEnabled: true or KmsMasterKeyId)");
                    }
                    if (!CUSTOMER_KEY.equals(withKey(p.get("KmsMasterKeyId"), true))
                            || withKey(p.get("SqsManagedSseEnabled"), true) != null) {
                        out.add(id + ": not encrypted with the customer key when KmsKeyArn is set (KmsMasterKeyId: "
                                + "!If [UseCustomerKey, !Ref KmsKeyArn, ...], SqsManagedSseEnabled only without it)");
                    }
                    if (!tlsOnly(res, "AWS::SQS::QueuePolicy", "Queues", id, "sqs:*")) {
                        out.add(id + ": no queue policy denying aws:SecureTransport false (TLS-only)");
                    }
                }
                case "AWS::SNS::Topic" -> {
                    if (withKey(p.get("KmsMasterKeyId"), false) == null) {
                        out.add(id + ": no server-side encryption (KmsMasterKeyId)");
                    }
                    if (!CUSTOMER_KEY.equals(withKey(p.get("KmsMasterKeyId"), true))) {
                        out.add(id + ": not encrypted with the customer key when KmsKeyArn is set");
                    }
                    if (!tlsOnly(res, "AWS::SNS::TopicPolicy", "Topics", id, "sns:Publish")) {
                        out.add(id + ": no topic policy denying aws:SecureTransport false (TLS-only)");
                    }
                }
                default -> {
                }
            }
            if (FUNCTION_TYPES.contains(type) && !hasRetainedLogGroup(id, p, res)) {
                out.add(id + ": no log group with RetentionInDays (add an AWS::Logs::LogGroup and LoggingConfig.LogGroup)");
            }
            checkPolicies(id, type, p, out);
        });
        checkRetentionAndCapacity(res, out);
        return out;
    }

    private static void checkBucket(String id, Map<String, Object> p, Map<String, Map<String, Object>> res,
            List<String> out) {
        Object enc = p.get("BucketEncryption");
        if (!(enc instanceof Map<?, ?> e) || !(e.get("ServerSideEncryptionConfiguration") instanceof List<?> rules)
                || rules.isEmpty()) {
            out.add(id + ": no encryption at rest (BucketEncryption.ServerSideEncryptionConfiguration)");
        }
        Object pab = p.get("PublicAccessBlockConfiguration");
        boolean blocked = pab instanceof Map<?, ?> m && List.of("BlockPublicAcls", "BlockPublicPolicy",
                "IgnorePublicAcls", "RestrictPublicBuckets").stream().allMatch(k -> Boolean.TRUE.equals(m.get(k)));
        if (!blocked) {
            out.add(id + ": public access is not blocked (all four PublicAccessBlockConfiguration flags true)");
        }
        boolean tlsOnly = res.values().stream()
                .filter(r -> "AWS::S3::BucketPolicy".equals(r.get("Type")))
                .filter(r -> Map.of("Ref", id).equals(props(r).get("Bucket")))
                .flatMap(r -> statements(props(r).get("PolicyDocument")).stream())
                .anyMatch(s -> "Deny".equals(s.get("Effect")) && "*".equals(s.get("Principal"))
                        && actions(s).contains("s3:*") && deniesInsecureTransport(s.get("Condition")));
        if (!tlsOnly) {
            out.add(id + ": no bucket policy denying aws:SecureTransport false (TLS-only)");
        }
        Object byDefault = enc instanceof Map<?, ?> e && e.get("ServerSideEncryptionConfiguration") instanceof List<?> r
                && !r.isEmpty() && r.get(0) instanceof Map<?, ?> rule ? rule.get("ServerSideEncryptionByDefault") : null;
        if (!(byDefault instanceof Map<?, ?> d) || !"aws:kms".equals(withKey(d.get("SSEAlgorithm"), true))
                || !CUSTOMER_KEY.equals(withKey(d.get("KMSMasterKeyID"), true))) {
            out.add(id + ": not encrypted with the customer key when KmsKeyArn is set (SSEAlgorithm aws:kms, "
                    + "KMSMasterKeyID !Ref KmsKeyArn under UseCustomerKey)");
        }
    }

    private static final Map<String, Object> CUSTOMER_KEY = Map.of("Ref", "KmsKeyArn");

    /** The value with {@code Fn::If [UseCustomerKey, a, b]} taken one way; {@code AWS::NoValue} becomes null. */
    private static Object withKey(Object v, boolean keySet) {
        if (v instanceof Map<?, ?> m && m.get("Fn::If") instanceof List<?> l && l.size() == 3
                && "UseCustomerKey".equals(l.get(0))) {
            return withKey(l.get(keySet ? 1 : 2), keySet);
        }
        return Map.of("Ref", "AWS::NoValue").equals(v) ? null : v;
    }

    /** A policy of {@code type} that lists {@code id} under {@code listProperty} and denies it without TLS. */
    private static boolean tlsOnly(Map<String, Map<String, Object>> res, String type, String listProperty, String id,
            String action) {
        return res.values().stream()
                .filter(r -> type.equals(r.get("Type")))
                .filter(r -> strings(props(r).get(listProperty)).contains(String.valueOf(Map.of("Ref", id))))
                .flatMap(r -> statements(props(r).get("PolicyDocument")).stream())
                .anyMatch(s -> "Deny".equals(s.get("Effect")) && "*".equals(s.get("Principal"))
                        && actions(s).contains(action) && deniesInsecureTransport(s.get("Condition"))
                        && (type.equals("AWS::SNS::TopicPolicy") ? resourcesOf(s).contains(String.valueOf(Map.of("Ref", id)))
                        : resourcesOf(s).contains(String.valueOf(Map.of("Fn::GetAtt", List.of(id, "Arn"))))));
    }

    /** Documents with personal data are not kept forever; fraud scoring has its own reserved concurrency. */
    private static void checkRetentionAndCapacity(Map<String, Map<String, Object>> res, List<String> out) {
        Map<String, Object> bucket = res.get("DocumentBucket");
        List<?> rules = bucket != null && props(bucket).get("LifecycleConfiguration") instanceof Map<?, ?> lc
                && lc.get("Rules") instanceof List<?> l ? l : List.of();
        for (String prefix : List.of("documents/incoming/", "documents/processed/", "documents/review/")) {
            boolean expires = rules.stream().anyMatch(r -> r instanceof Map<?, ?> m && prefix.equals(m.get("Prefix"))
                    && "Enabled".equals(m.get("Status")) && m.get("ExpirationInDays") instanceof Map<?, ?> ref
                    && ref.get("Ref") instanceof String param && res.get(param) == null);
            if (!expires) {
                out.add("DocumentBucket: " + prefix + " is kept forever (add a lifecycle rule whose ExpirationInDays is"
                        + " a parameter)");
            }
        }
        Map<String, Object> fraud = res.get("FraudScoringFunction");
        if (fraud == null || props(fraud).get("ReservedConcurrentExecutions") == null) {
            out.add("FraudScoringFunction: no ReservedConcurrentExecutions (a burst elsewhere could starve it)");
        }
    }

    private static boolean deniesInsecureTransport(Object condition) {
        return condition instanceof Map<?, ?> c && c.get("Bool") instanceof Map<?, ?> b
                && "false".equals(String.valueOf(b.get("aws:SecureTransport")));
    }

    private static boolean hasRetainedLogGroup(String fn, Map<String, Object> p, Map<String, Map<String, Object>> res) {
        if (p.get("LoggingConfig") instanceof Map<?, ?> lc && lc.get("LogGroup") instanceof Map<?, ?> ref
                && ref.get("Ref") instanceof String group) {
            Map<String, Object> g = res.get(group);
            return g != null && "AWS::Logs::LogGroup".equals(g.get("Type")) && props(g).get("RetentionInDays") != null;
        }
        return res.values().stream().filter(r -> "AWS::Logs::LogGroup".equals(r.get("Type")))
                .map(TemplateSecurityTest::props)
                .anyMatch(g -> g.get("RetentionInDays") != null
                        && Map.of("Fn::Sub", "/aws/lambda/${" + fn + "}").equals(g.get("LogGroupName")));
    }

    private static void checkPolicies(String id, String type, Map<String, Object> p, List<String> out) {
        List<Map<String, Object>> statements = new ArrayList<>();
        if (type.equals("AWS::Serverless::Function") || type.equals("AWS::Serverless::StateMachine")) {
            Object policies = p.get("Policies");
            List<?> list = policies instanceof List<?> l ? l : policies == null ? List.of() : List.of(policies);
            for (Object pol : list) {
                if (pol instanceof Map<?, ?> m && m.get("Fn::If") instanceof List<?> branches && branches.size() == 3) {
                    // only the customer-key policy of this template (checked as an AWS::IAM::ManagedPolicy below)
                    for (Object b : branches.subList(1, 3)) {
                        if (!b.equals(Map.of("Ref", "AWS::NoValue")) && !b.equals(Map.of("Ref", "CustomerKeyUsePolicy"))) {
                            out.add(id + ": conditional policy " + b + " (only !Ref CustomerKeyUsePolicy is expected)");
                        }
                    }
                } else if (pol instanceof String s) {
                    out.add(id + ": managed policy " + s + " (write a scoped Statement instead)");
                } else if (pol instanceof Map<?, ?> m && m.containsKey("Statement")) {
                    statements.addAll(statements(m));
                } else if (pol instanceof Map<?, ?> m) {
                    for (Map.Entry<?, ?> e : m.entrySet()) {
                        String name = String.valueOf(e.getKey());
                        if (!SCOPED_POLICY_TEMPLATES.contains(name)) {
                            out.add(id + ": SAM policy template " + name + " is not in the scoped list "
                                    + SCOPED_POLICY_TEMPLATES);
                        } else if (String.valueOf(e.getValue()).contains("*")) {
                            out.add(id + ": SAM policy template " + name + " with a wildcard parameter");
                        }
                    }
                }
            }
        }
        if (type.equals("AWS::IAM::Role") && p.get("Policies") instanceof List<?> l) {
            for (Object pol : l) {
                if (pol instanceof Map<?, ?> m) {
                    statements.addAll(statements(m.get("PolicyDocument")));
                }
            }
            if (p.get("ManagedPolicyArns") instanceof List<?> arns && !arns.isEmpty()) {
                out.add(id + ": managed policies " + arns + " (write a scoped Statement instead)");
            }
        }
        if (type.equals("AWS::IAM::Policy") || type.equals("AWS::IAM::ManagedPolicy")) {
            statements.addAll(statements(p.get("PolicyDocument")));
        }
        for (Map<String, Object> s : statements) {
            if (!"Allow".equals(s.get("Effect"))) {
                continue;
            }
            List<String> actions = actions(s);
            for (String a : actions) {
                if (a.equals("*") || a.endsWith(":*")) {
                    out.add(id + ": wildcard action " + a);
                }
            }
            if (!resourcesOf(s).contains("*")) {
                continue;
            }
            List<String> notExempt = actions.stream().filter(a -> !STAR_RESOURCE_ONLY.containsKey(a)).toList();
            if (!notExempt.isEmpty()) {
                out.add(id + ": statement allows " + notExempt + " on Resource *; name the ARN or prefix");
            }
            for (String a : actions) {
                String key = STAR_RESOURCE_ONLY.get(a);
                if (key != null && !key.isEmpty() && !String.valueOf(s.get("Condition")).contains(key + "=")) {
                    out.add(id + ": " + a + " on Resource * needs a " + key + " condition");
                }
            }
        }
    }

    // ---- template access ------------------------------------------------------------------------------------------

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> resources(Map<String, Object> t) {
        return (Map<String, Map<String, Object>>) (Map<?, ?>) t.get("Resources");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> props(Map<String, Object> r) {
        Object p = r.get("Properties");
        return p instanceof Map ? (Map<String, Object>) p : new java.util.LinkedHashMap<>();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> statements(Object doc) {
        if (!(doc instanceof Map<?, ?> d)) {
            return List.of();
        }
        Object s = d.get("Statement");
        if (s instanceof List<?> l) {
            return (List<Map<String, Object>>) l;
        }
        return s instanceof Map ? List.of((Map<String, Object>) s) : List.of();
    }

    private static List<String> actions(Map<String, Object> s) {
        return strings(s.get("Action"));
    }

    private static List<String> resourcesOf(Map<String, Object> s) {
        return strings(s.get("Resource"));
    }

    private static List<String> strings(Object o) {
        if (o instanceof List<?> l) {
            return l.stream().map(String::valueOf).toList();
        }
        return o == null ? List.of() : List.of(String.valueOf(o));
    }

    private static long count(Map<String, Map<String, Object>> res, String type) {
        return res.values().stream().filter(r -> type.equals(r.get("Type"))).count();
    }

    @SuppressWarnings("unchecked")
    private static void addStatement(Map<String, Object> t, String function, Map<String, Object> statement) {
        List<Object> policies = (List<Object>) props(resources(t).get(function)).get("Policies");
        policies.add(Map.of("Statement", List.of(statement)));
    }

    private static void assertHas(List<String> problems, String prefix) {
        assertFalse(problems.isEmpty(), "expected a problem starting with: " + prefix);
        assertTrue(problems.stream().anyMatch(p -> p.startsWith(prefix)), "expected '" + prefix + "' in " + problems);
    }
}
