package com.anycompany.scoring.runtime;

import com.anycompany.scoring.config.AwsClients;
import com.anycompany.scoring.local.LocalAws;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What commands share: {@link LocalAws} on the state dir, the template read against it, every bucket and queue the
 * template declares created (dead-letter queues first; definitions remembered in {@code <home>/queues.json}), and the
 * functions as {@link LocalLambda}s (one warm instance per function) and their SQS pollers, Lambda's Invoke API for
 * them ({@link LocalLambdaApi}) and CodeDeploy's lifecycle-hook API ({@link LocalCodeDeploy}).
 */
public final class LocalRuntime implements AutoCloseable {
    private final Path home;
    private final LocalAws aws;
    private final SamTemplate template;
    private final Map<String, LocalLambda> functions = new LinkedHashMap<>();
    private final LocalLambdaApi lambdaApi;
    private final LocalCodeDeploy codeDeploy;
    private Path templateDirectory = Path.of("");

    private LocalRuntime(Path home, LocalAws aws, SamTemplate template) {
        this.home = home;
        this.aws = aws;
        this.template = template;
        this.lambdaApi = new LocalLambdaApi(this);
        this.codeDeploy = new LocalCodeDeploy();
    }

    /** The folder template.yaml is in: relative paths in it (CodeUri, DefinitionUri) start there. */
    public Path templateDirectory() {
        return templateDirectory;
    }

    /**
     * @param home     the state dir (e.g. {@code .scoring})
     * @param template {@code template.yaml}; when the file does not exist the runtime has no functions/resources
     */
    public static LocalRuntime open(Path home, Path template, Map<String, String> parameterOverrides) {
        LocalAws aws = LocalAws.start(home);
        LocalRuntime runtime = null;
        try {
            SamTemplate t = template != null && Files.isRegularFile(template)
                    ? SamTemplate.load(template, aws.sqsEndpoint(), parameterOverrides)
                    : SamTemplate.empty(aws.sqsEndpoint());
            runtime = new LocalRuntime(home, aws, t);
            if (template != null && template.toAbsolutePath().getParent() != null) {
                runtime.templateDirectory = template.toAbsolutePath().getParent();
            }
            runtime.createResources();
            return runtime;
        } catch (RuntimeException e) {
            if (runtime != null) {
                runtime.close();
            } else {
                aws.close();
            }
            throw e;
        }
    }

    private void createResources() {
        template.buckets().values().forEach(b -> aws.ensureBucket(b.name()));
        for (SamTemplate.Queue q : template.queuesInCreationOrder()) {
            aws.ensureQueue(q.name(), q.attributes());
        }
    }

    public Path home() {
        return home;
    }

    public LocalAws aws() {
        return aws;
    }

    public SamTemplate template() {
        return template;
    }

    /** The function with this logical id, created once (warm) per runtime. */
    public synchronized LocalLambda function(String logicalId) {
        return functions.computeIfAbsent(logicalId, id -> new LocalLambda(template.function(id), environment()));
    }

    /**
     * What every function gets besides its template variables: {@link LocalAws#environment()} and the endpoints of
     * this runtime's Lambda Invoke API and CodeDeploy servers (what the deployment hooks call).
     */
    public Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>(aws.environment());
        env.put(AwsClients.LAMBDA_ENDPOINT_URL, lambdaApi.endpoint());
        env.put(AwsClients.CODEDEPLOY_ENDPOINT_URL, codeDeploy.endpoint());
        return Map.copyOf(env);
    }

    /** Lambda's Invoke API for this runtime's functions. */
    public LocalLambdaApi lambdaApi() {
        return lambdaApi;
    }

    /** CodeDeploy's lifecycle-hook side, for running the deployment hooks. */
    public LocalCodeDeploy codeDeploy() {
        return codeDeploy;
    }

    /** Local bucket name of an {@code AWS::S3::Bucket}. */
    public String bucketName(String logicalId) {
        return template.bucket(logicalId).name();
    }

    /** ElasticMQ URL of an {@code AWS::SQS::Queue}. */
    public String queueUrl(String logicalId) {
        return aws.expectedQueueUrl(template.queue(logicalId).name());
    }

    /** A poller for the function's (first, or named) SQS event, configured as in the template. */
    public SqsEventSourcePoller.Builder poller(String functionLogicalId) {
        return poller(functionLogicalId, null);
    }

    public SqsEventSourcePoller.Builder poller(String functionLogicalId, String eventName) {
        LocalLambda fn = function(functionLogicalId);
        Optional<SamTemplate.SqsEvent> event = fn.function().sqsEvents().stream()
                .filter(e -> eventName == null || e.name().equals(eventName)).findFirst();
        SamTemplate.SqsEvent sqsEvent = event.orElseThrow(() -> new TemplateException(template.source() + ": "
                + functionLogicalId + " has no SQS event" + (eventName == null ? "" : " named " + eventName)));
        SqsEventSourcePoller.Builder builder = SqsEventSourcePoller.builder(fn, sqsEvent, aws);
        sqsEvent.maximumConcurrency().ifPresent(builder::concurrency);
        return builder;
    }

    @Override
    public void close() {
        lambdaApi.close();
        codeDeploy.close();
        aws.close();
    }
}
