package com.anycompany.scoring.advisor;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The recommended {@code template.yaml} snippet for a decision, in this project's conventions: functions publish the
 * {@code live} alias (AutoPublishAlias) with SnapStart, shift traffic with a CodeDeploy DeploymentPreference rolled
 * back by error, throttle and p99-duration alarms on the alias, queues have a dead-letter queue and a visibility
 * timeout of 6x the function timeout. SageMaker endpoints use blue/green updates with the same traffic shape and
 * auto-rollback alarms. The snippet has a {@code Parameters:} and a {@code Resources:} section to merge into the
 * project's template. The YAML pieces are resource files ({@code advisor/snippets/*.yaml}, placeholders
 * {@code {{name}}}); this class picks, joins and fills them.
 */
public final class TemplateSnippets {
    private TemplateSnippets() {
    }

    public static String render(Facts f, ModeDecision mode, StrategyDecision strategy, String architecture,
                                PriceBook prices) {
        Map<String, Object> v = new LinkedHashMap<>();
        String id = logicalId(f.profile().name());
        LambdaSizing s = f.lambda();
        v.put("Id", id);
        v.put("name", f.profile().name());
        v.put("pkg", f.profile().name().replaceAll("[^A-Za-z0-9]", "").toLowerCase(Locale.ROOT));
        v.put("arch", architecture);
        v.put("memory", s.memoryMb());
        v.put("timeout", s.timeoutSeconds());
        v.put("reserved", s.reservedConcurrency());
        v.put("visibility", Math.min(43_200, 6 * s.timeoutSeconds()));
        v.put("batch", s.recordsPerInvocation());
        v.put("p99", Math.round(f.profile().latencyP99Ms().orElse(Math.max(1000, s.p99Ms() * 2))));
        v.put("deploymentType", deploymentType(strategy.strategy(), id));
        StringBuilder out = new StringBuilder();
        out.append("# ").append(mode.mode().label()).append(" for '").append(f.profile().name()).append("'; ")
                .append(strategy.strategy().label()).append('\n');
        switch (mode.mode()) {
            case LAMBDA_SQS -> out.append(fill(LAMBDA_SQS, v)).append(lambdaDeployment(strategy.strategy(), v));
            case LAMBDA_URL -> out.append(fill(LAMBDA_URL, v)).append(lambdaDeployment(strategy.strategy(), v));
            case LAMBDA_ASYNC_CALLBACK -> out.append(fill(LAMBDA_CALLBACK, v))
                    .append(lambdaDeployment(strategy.strategy(), v));
            case LAMBDA_STEP_FUNCTIONS_BATCH -> {
                v.put("schedule", schedule(f.profile().traffic().runsPerMonth()));
                v.put("mapConcurrency", s.reservedConcurrency());
                out.append(fill(LAMBDA_BATCH, v));
            }
            case SAGEMAKER_REALTIME, SAGEMAKER_ASYNC, SAGEMAKER_SERVERLESS -> out.append(sageMaker(f, mode.mode(),
                    strategy.strategy(), v, prices));
            case SAGEMAKER_BATCH_TRANSFORM -> {
                v.put("schedule", schedule(f.profile().traffic().runsPerMonth()));
                v.put("instance", instance(f, InferenceMode.SAGEMAKER_BATCH_TRANSFORM, "ml.m5.xlarge"));
                out.append(fill(SAGEMAKER_BATCH, v));
            }
        }
        return out.toString();
    }

    static String logicalId(String name) {
        StringBuilder sb = new StringBuilder();
        for (String part : name.split("[^A-Za-z0-9]+")) {
            if (!part.isEmpty()) {
                sb.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        String id = sb.toString();
        return Character.isDigit(id.charAt(0)) ? "M" + id : id;
    }

    private static String schedule(int runsPerMonth) {
        if (runsPerMonth <= 1) {
            return "cron(0 2 1 * ? *)";
        }
        if (runsPerMonth <= 5) {
            return "cron(0 2 ? * MON *)";
        }
        return "rate(1 day)";
    }

    private static String deploymentType(DeploymentStrategy s, String id) {
        String predefined = s.codeDeployPredefined();
        return predefined != null ? predefined : "!Ref " + id + "DeploymentConfig";
    }

    private static String lambdaDeployment(DeploymentStrategy s, Map<String, Object> v) {
        StringBuilder out = new StringBuilder();
        if (s.codeDeployPredefined() == null) {
            v.put("routing", s.kind() == DeploymentStrategy.Kind.LINEAR
                    ? "Type: TimeBasedLinear\n        TimeBasedLinear:\n          LinearPercentage: " + s.percent()
                    + "\n          LinearInterval: " + s.intervalMinutes()
                    : "Type: TimeBasedCanary\n        TimeBasedCanary:\n          CanaryPercentage: " + s.percent()
                    + "\n          CanaryInterval: " + s.intervalMinutes());
            out.append(fill(DEPLOYMENT_CONFIG, v));
        }
        out.append(fill(LAMBDA_ALARMS, v));
        return out.toString();
    }

    private static String instance(Facts f, InferenceMode mode, String fallback) {
        return CostModel.cheapest(f.costs(), mode).map(l -> l.option().substring(l.option().lastIndexOf(' ') + 1))
                .orElse(fallback);
    }

    private static String sageMaker(Facts f, InferenceMode mode, DeploymentStrategy s, Map<String, Object> v,
                                    PriceBook prices) {
        ModelProfile p = f.profile();
        String instance = instance(f, mode, mode == InferenceMode.SAGEMAKER_ASYNC
                ? instance(f, InferenceMode.SAGEMAKER_REALTIME, "ml.m5.large") : "ml.m5.large");
        v.put("instance", instance);
        int min = p.criticality() == ModelProfile.Criticality.HIGH
                ? f.limits().policy().highCriticalityMinInstances() : 1;
        PriceBook.Instance type = prices.sagemaker().instances().get(instance);
        CostModel costs = new CostModel(f.limits(), prices);
        int concurrency = type == null ? 1 : costs.concurrency(p, type);
        int peak = type == null ? min : costs.peakInstances(p, f.workload(), type);
        v.put("min", mode == InferenceMode.SAGEMAKER_ASYNC ? 0 : min);
        v.put("max", Math.max(min, peak) + 1);
        // invocations per instance per minute that keep an instance at the target utilisation
        v.put("invocationsTarget", Math.max(1, Math.round(60 * concurrency
                * f.limits().policy().sagemakerTargetUtilisation() / Math.max(f.workload().serviceSeconds(), 1e-3))));
        String routing = switch (s.kind()) {
            case LINEAR -> "Type: LINEAR\n            LinearStepSize:\n              Type: CAPACITY_PERCENT\n"
                    + "              Value: " + s.percent() + "\n            WaitIntervalInSeconds: "
                    + s.intervalMinutes() * 60;
            case CANARY -> "Type: CANARY\n            CanarySize:\n              Type: CAPACITY_PERCENT\n"
                    + "              Value: " + s.percent() + "\n            WaitIntervalInSeconds: "
                    + s.intervalMinutes() * 60;
            default -> "Type: ALL_AT_ONCE\n            WaitIntervalInSeconds: 600";
        };
        v.put("routing", routing);
        String variant = switch (mode) {
            case SAGEMAKER_SERVERLESS -> "          ServerlessConfig:\n            MemorySizeInMB: "
                    + Math.max(1024, (int) Math.ceil(f.workload().memoryNeedMb() / 1024) * 1024)
                    + "\n            MaxConcurrency: " + Math.max(1, Math.min(200, f.lambda().reservedConcurrency()))
                    + "\n";
            default -> "          InstanceType: " + instance + "\n          InitialInstanceCount: " + min + "\n";
        };
        v.put("variant", variant);
        v.put("async", mode == InferenceMode.SAGEMAKER_ASYNC ? fill(SAGEMAKER_ASYNC_CONFIG, v) : "");
        String out = fill(SAGEMAKER_ENDPOINT, v);
        if (mode == InferenceMode.SAGEMAKER_REALTIME) {
            out += fill(SAGEMAKER_REALTIME_SCALING, v);
        } else if (mode == InferenceMode.SAGEMAKER_ASYNC) {
            out += fill(SAGEMAKER_ASYNC_SCALING, v);
        }
        return out;
    }

    /** A snippet resource, {@code advisor/snippets/<name>.yaml}, as written (placeholders {@code {{name}}}). */
    static String snippet(String name) {
        String path = "/advisor/snippets/" + name + ".yaml";
        try (InputStream in = TemplateSnippets.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("the advisor's snippet " + path + " is missing from its jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String fill(String template, Map<String, Object> values) {
        String out = template;
        for (Map.Entry<String, Object> e : values.entrySet()) {
            out = out.replace("{{" + e.getKey() + "}}", String.valueOf(e.getValue()));
        }
        if (out.contains("{{")) {
            throw new IllegalStateException("unfilled placeholder in snippet: "
                    + out.substring(out.indexOf("{{"), Math.min(out.length(), out.indexOf("{{") + 30)));
        }
        return out;
    }

    private static final String FUNCTION_COMMON = snippet("function-common");

    /** The monthly run's EventBridge schedule, as an event of the resource it starts. */
    private static final String MONTHLY_SCHEDULE = snippet("monthly-schedule");

    /** An alias deployment that the function's three alarms roll back. */
    private static final String ALARMED_DEPLOYMENT = snippet("alarmed-deployment");

    /** The scoring function itself: {@code {{Id}}Handler} in the capability's package, with the common properties. */
    private static final String FUNCTION = snippet("function") + FUNCTION_COMMON;

    /** A queue {@code {{Id}}<name>} whose messages go to {@code {{Id}}DeadLetterQueue} after three receives. */
    private static String queueWithDeadLetters(String name) {
        return snippet("queue-with-dead-letters").replace("{{Id}}QUEUE:", "{{Id}}" + name + ":");
    }

    private static final String LAMBDA_SQS = snippet("no-parameters") + queueWithDeadLetters("Queue") + FUNCTION
            + snippet("sqs-event") + ALARMED_DEPLOYMENT;

    private static final String LAMBDA_URL = snippet("no-parameters") + FUNCTION + snippet("function-url")
            + ALARMED_DEPLOYMENT;

    private static final String LAMBDA_CALLBACK = snippet("callback-bucket-and-topic")
            + queueWithDeadLetters("CompletionQueue") + snippet("callback-functions") + FUNCTION_COMMON
            + snippet("callback-completion-event") + ALARMED_DEPLOYMENT;

    private static final String LAMBDA_BATCH = snippet("batch-shard-function") + FUNCTION_COMMON.replace(
            "POWERTOOLS_SERVICE_NAME: {{name}}", "POWERTOOLS_SERVICE_NAME: {{name}}-shard")
            + snippet("batch-state-machine") + MONTHLY_SCHEDULE;

    private static final String DEPLOYMENT_CONFIG = snippet("deployment-config");

    private static final String LAMBDA_ALARMS = lambdaAlarm("ErrorsAlarm",
            "{{name}} errors on the live alias (rolls a deployment back)", "Errors", "Statistic: Sum", 2, "1",
            "GreaterThanOrEqualToThreshold")
            + lambdaAlarm("ThrottlesAlarm", "{{name}} throttles on the live alias", "Throttles", "Statistic: Sum", 2,
            "1", "GreaterThanOrEqualToThreshold")
            + lambdaAlarm("LatencyAlarm", "{{name}} p99 duration above {{p99}} ms on the live alias", "Duration",
            "ExtendedStatistic: p99", 3, "{{p99}}", "GreaterThanThreshold");

    /** A CloudWatch alarm on one metric of the function's live alias, {@code {{Id}}<alarm>}. */
    private static String lambdaAlarm(String alarm, String description, String metric, String statistic,
            int periods, String threshold, String comparison) {
        return snippet("lambda-alarm").formatted(alarm, description, metric, statistic, periods, threshold,
                comparison);
    }

    private static final String SAGEMAKER_ENDPOINT = snippet("sagemaker-endpoint");

    private static final String SAGEMAKER_ASYNC_CONFIG = snippet("sagemaker-async-config");

    /** The endpoint variant's instance count as an Application Auto Scaling target, from {@code min} to max. */
    private static String scalableTarget(String min) {
        return snippet("scalable-target").replace("MinCapacity: MIN", "MinCapacity: " + min);
    }

    private static final String SAGEMAKER_REALTIME_SCALING = scalableTarget("{{min}}")
            + snippet("sagemaker-realtime-scaling");

    private static final String SAGEMAKER_ASYNC_SCALING = scalableTarget("0") + snippet("sagemaker-async-scaling");

    private static final String SAGEMAKER_BATCH = snippet("sagemaker-batch") + MONTHLY_SCHEDULE;
}
