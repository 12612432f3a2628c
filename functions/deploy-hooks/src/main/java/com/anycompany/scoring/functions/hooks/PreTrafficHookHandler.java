package com.anycompany.scoring.functions.hooks;

import com.anycompany.scoring.rollout.hooks.CodeDeployHookReporter;
import com.anycompany.scoring.rollout.hooks.LambdaGoldenProbe;
import com.anycompany.scoring.rollout.hooks.PreTrafficCheck;
import com.anycompany.scoring.rollout.hooks.ProbePayloads;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.anycompany.scoring.wiring.ServingEnvironment;
import com.anycompany.scoring.config.AwsClients;
import com.anycompany.scoring.config.FunctionEnvironment;
import com.anycompany.scoring.model.S3ModelStore;
import com.anycompany.scoring.rollout.AliasStore;
import com.anycompany.scoring.rollout.GoldenStore;
import org.crac.Core;
import org.crac.Resource;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * CodeDeploy PreTraffic hook ({@code CodeDeployHook_*}): the event is {@code {"DeploymentId", "LifecycleEventHookExecutionId"}}.
 * Environment: TARGET_FUNCTION_VERSION (the new version's ARN, {@code !Ref Fn.Version}), MODEL_BUCKET, MODEL_NAME,
 * MODEL_VERSION (a version or "champion"), P99_BUDGET_MS (default 50), PROBE_FORMAT ({@code sqs}, the default, for
 * queue-fed functions; {@code rows} for the batch shard scorer; {@code function-url} for functions behind a Function
 * URL). The Lambda and CodeDeploy endpoints are AWS's unless SCORING_AWS_ENDPOINT_LAMBDA / SCORING_AWS_ENDPOINT_CODEDEPLOY
 * (or AWS_ENDPOINT_URL_LAMBDA / _CODEDEPLOY) name local ones: the local runtime's Invoke API and CodeDeploy servers.
 */
public final class PreTrafficHookHandler implements RequestHandler<Map<String, Object>, Map<String, Object>>, Resource {
    private final PreTrafficCheck check;
    private final String model;
    private final String version;

    public PreTrafficHookHandler() {
        String bucket = FunctionEnvironment.require(ServingEnvironment.MODEL_BUCKET);
        this.model = FunctionEnvironment.getOrDefault(ServingEnvironment.MODEL_NAME, "fraud");
        this.version = FunctionEnvironment.require(ServingEnvironment.MODEL_VERSION);
        var s3 = AwsClients.s3();
        Optional<String> lambdaEndpoint = AwsClients.endpoint(AwsClients.LAMBDA_ENDPOINT, AwsClients.LAMBDA_ENDPOINT_URL);
        var lambdaBuilder = LambdaClient.builder().httpClient(UrlConnectionHttpClient.create())
                .region(AwsClients.region()).credentialsProvider(AwsClients.credentials(lambdaEndpoint));
        lambdaEndpoint.ifPresent(e -> lambdaBuilder.endpointOverride(URI.create(e)));
        var lambda = lambdaBuilder.build();
        String region = AwsClients.region().id();
        Optional<String> codeDeployEndpoint = AwsClients.endpoint(AwsClients.CODEDEPLOY_ENDPOINT,
                AwsClients.CODEDEPLOY_ENDPOINT_URL);
        this.check = new PreTrafficCheck(new S3ModelStore(s3, bucket), new GoldenStore(s3, bucket),
                new AliasStore(s3, bucket),
                new LambdaGoldenProbe(lambda, FunctionEnvironment.require("TARGET_FUNCTION_VERSION"),
                        ProbePayloads.Format.parse(FunctionEnvironment.getOrDefault("PROBE_FORMAT", "sqs")), model),
                new CodeDeployHookReporter(UrlConnectionHttpClient.create(), codeDeployEndpoint.map(URI::create)
                        .orElseGet(() -> CodeDeployHookReporter.endpointFor(region)), region,
                        AwsClients.credentials(codeDeployEndpoint)),
                Double.parseDouble(FunctionEnvironment.getOrDefault("P99_BUDGET_MS", "50")));
        Core.getGlobalContext().register(this);
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        return PowertoolsLogging.withLogging(context, () -> {
            String deploymentId = String.valueOf(event.get("DeploymentId"));
            String executionId = String.valueOf(event.get("LifecycleEventHookExecutionId"));
            PreTrafficCheck.Outcome o = check.run(deploymentId, executionId, model, version);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("status", o.status());
            out.put("reason", o.reason());
            return out;
        });
    }

    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        // nothing heavy to prime: the hook runs once per deployment
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
    }
}
