package com.anycompany.scoring.advisor;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The recommended {@code template.yaml} snippet for a decision, in this project's conventions: functions publish the
 * {@code live} alias (AutoPublishAlias) with SnapStart, shift traffic with a CodeDeploy DeploymentPreference rolled
 * back by error, throttle and p99-duration alarms on the alias, queues have a dead-letter queue and a visibility
 * timeout of 6x the function timeout. SageMaker endpoints use blue/green updates with the same traffic shape and
 * auto-rollback alarms. The snippet has a {@code Parameters:} and a {@code Resources:} section to merge into the
 * project's template.
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

    private static final String FUNCTION_COMMON = """
                  Runtime: java21
                  Architectures: [{{arch}}]
                  MemorySize: {{memory}}
                  Timeout: {{timeout}}
                  ReservedConcurrentExecutions: {{reserved}}
                  AutoPublishAlias: live
                  SnapStart:
                    ApplyOn: PublishedVersions
                  Environment:
                    Variables:
                      POWERTOOLS_SERVICE_NAME: {{name}}
                      MODEL_BUCKET: !Ref ModelBucket
                      MODEL_NAME: {{name}}
                      MODEL_VERSION: "1"
                  Policies:
                    - S3ReadPolicy:
                        BucketName: !Ref ModelBucket
            """;

    /** The monthly run's EventBridge schedule, as an event of the resource it starts. */
    private static final String MONTHLY_SCHEDULE = """
                  Events:
                    Monthly:
                      Type: Schedule
                      Properties:
                        Schedule: "{{schedule}}"
            """;

    /** An alias deployment that the function's three alarms roll back. */
    private static final String ALARMED_DEPLOYMENT = """
                  DeploymentPreference:
                    Type: {{deploymentType}}
                    Alarms:
                      - !Ref {{Id}}ErrorsAlarm
                      - !Ref {{Id}}ThrottlesAlarm
                      - !Ref {{Id}}LatencyAlarm
            """;

    /** The scoring function itself: {@code {{Id}}Handler} in the capability's package, with the common properties. */
    private static final String FUNCTION = """
              {{Id}}Function:
                Type: AWS::Serverless::Function
                Properties:
                  CodeUri: functions/{{name}}
                  Handler: com.anycompany.scoring.functions.{{pkg}}.{{Id}}Handler::handleRequest
            """ + FUNCTION_COMMON;

    /** A queue {@code {{Id}}<name>} whose messages go to {@code {{Id}}DeadLetterQueue} after three receives. */
    private static String queueWithDeadLetters(String name) {
        return """
              {{Id}}DeadLetterQueue:
                Type: AWS::SQS::Queue
                Properties:
                  MessageRetentionPeriod: 1209600
                  SqsManagedSseEnabled: true
              {{Id}}QUEUE:
                Type: AWS::SQS::Queue
                Properties:
                  VisibilityTimeout: {{visibility}}
                  SqsManagedSseEnabled: true
                  RedrivePolicy:
                    deadLetterTargetArn: !GetAtt {{Id}}DeadLetterQueue.Arn
                    maxReceiveCount: 3
            """.replace("{{Id}}QUEUE:", "{{Id}}" + name + ":");
    }

    private static final String LAMBDA_SQS = """
            Parameters: {}
            Resources:
            """ + queueWithDeadLetters("Queue") + FUNCTION + """
                  Events:
                    Requests:
                      Type: SQS
                      Properties:
                        Queue: !GetAtt {{Id}}Queue.Arn
                        BatchSize: {{batch}}
                        MaximumBatchingWindowInSeconds: 0
                        FunctionResponseTypes:
                          - ReportBatchItemFailures
                        ScalingConfig:
                          MaximumConcurrency: {{reserved}}
            """ + ALARMED_DEPLOYMENT;

    private static final String LAMBDA_URL = """
            Parameters: {}
            Resources:
            """ + FUNCTION + """
                  FunctionUrlConfig:
                    AuthType: AWS_IAM
            """ + ALARMED_DEPLOYMENT;

    private static final String LAMBDA_CALLBACK = """
            Parameters: {}
            Resources:
              {{Id}}Bucket:
                Type: AWS::S3::Bucket
                Properties:
                  # a fixed name, so the starter's policy can name it without a circular reference
                  BucketName: !Sub "${AWS::AccountId}-${AWS::Region}-{{name}}-documents"
                  BucketEncryption:
                    ServerSideEncryptionConfiguration:
                      - ServerSideEncryptionByDefault:
                          SSEAlgorithm: AES256
                  PublicAccessBlockConfiguration:
                    BlockPublicAcls: true
                    BlockPublicPolicy: true
                    IgnorePublicAcls: true
                    RestrictPublicBuckets: true
              {{Id}}CompletionTopic:
                Type: AWS::SNS::Topic
            """ + queueWithDeadLetters("CompletionQueue") + """
              {{Id}}CompletionSubscription:
                Type: AWS::SNS::Subscription
                Properties:
                  TopicArn: !Ref {{Id}}CompletionTopic
                  Protocol: sqs
                  Endpoint: !GetAtt {{Id}}CompletionQueue.Arn
                  RawMessageDelivery: true
              {{Id}}CompletionQueuePolicy:
                Type: AWS::SQS::QueuePolicy
                Properties:
                  Queues:
                    - !Ref {{Id}}CompletionQueue
                  PolicyDocument:
                    Statement:
                      - Effect: Allow
                        Principal:
                          Service: sns.amazonaws.com
                        Action: sqs:SendMessage
                        Resource: !GetAtt {{Id}}CompletionQueue.Arn
                        Condition:
                          ArnEquals:
                            aws:SourceArn: !Ref {{Id}}CompletionTopic
              {{Id}}StarterFunction:
                Type: AWS::Serverless::Function
                Properties:
                  Description: Starts the long-running job for each uploaded document; returns at once
                  CodeUri: functions/{{name}}
                  Handler: com.anycompany.scoring.functions.{{pkg}}.{{Id}}StarterHandler::handleRequest
                  Runtime: java21
                  Architectures: [{{arch}}]
                  MemorySize: 512
                  Timeout: 30
                  AutoPublishAlias: live
                  SnapStart:
                    ApplyOn: PublishedVersions
                  Environment:
                    Variables:
                      POWERTOOLS_SERVICE_NAME: {{name}}-starter
                      COMPLETION_TOPIC_ARN: !Ref {{Id}}CompletionTopic
                  Policies:
                    - S3ReadPolicy:
                        BucketName: !Sub "${AWS::AccountId}-${AWS::Region}-{{name}}-documents"
                  Events:
                    Uploaded:
                      Type: S3
                      Properties:
                        Bucket: !Ref {{Id}}Bucket
                        Events: s3:ObjectCreated:*
                        Filter:
                          S3Key:
                            Rules:
                              - Name: prefix
                                Value: documents/incoming/
                  EventInvokeConfig:
                    MaximumRetryAttempts: 2
                    DestinationConfig:
                      OnFailure:
                        Type: SQS
                        Destination: !GetAtt {{Id}}DeadLetterQueue.Arn
              {{Id}}Function:
                Type: AWS::Serverless::Function
                Properties:
                  Description: Called back when the job completes; reads the result, scores it, files the document
                  CodeUri: functions/{{name}}
                  Handler: com.anycompany.scoring.functions.{{pkg}}.{{Id}}CallbackHandler::handleRequest
            """ + FUNCTION_COMMON + """
                  Events:
                    Completed:
                      Type: SQS
                      Properties:
                        Queue: !GetAtt {{Id}}CompletionQueue.Arn
                        BatchSize: 10
                        FunctionResponseTypes:
                          - ReportBatchItemFailures
                        ScalingConfig:
                          MaximumConcurrency: {{reserved}}
            """ + ALARMED_DEPLOYMENT;

    private static final String LAMBDA_BATCH = """
            Parameters: {}
            Resources:
              {{Id}}ShardFunction:
                Type: AWS::Serverless::Function
                Properties:
                  Description: Scores one shard (a client's file or a byte range) and writes part and quarantine files
                  CodeUri: functions/{{name}}
                  Handler: com.anycompany.scoring.functions.{{pkg}}.{{Id}}ShardHandler::handleRequest
            """ + FUNCTION_COMMON.replace("POWERTOOLS_SERVICE_NAME: {{name}}",
            "POWERTOOLS_SERVICE_NAME: {{name}}-shard") + """
                  DeploymentPreference:
                    Type: AllAtOnce
              {{Id}}StateMachine:
                Type: AWS::Serverless::StateMachine
                Properties:
                  DefinitionUri: statemachine/{{name}}.asl.json
                  DefinitionSubstitutions:
                    ShardFunctionArn: !Sub "${{{Id}}ShardFunction.Arn}:live"
                    MaxConcurrency: {{mapConcurrency}}
                  Policies:
                    - LambdaInvokePolicy:
                        FunctionName: !Ref {{Id}}ShardFunction
                    - S3ReadPolicy:
                        BucketName: !Ref ModelBucket
            """ + MONTHLY_SCHEDULE;

    private static final String DEPLOYMENT_CONFIG = """
              {{Id}}DeploymentConfig:
                Type: AWS::CodeDeploy::DeploymentConfig
                Properties:
                  ComputePlatform: Lambda
                  TrafficRoutingConfig:
                    {{routing}}
            """;

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
        return """
              {{Id}}%s:
                Type: AWS::CloudWatch::Alarm
                Properties:
                  AlarmDescription: %s
                  Namespace: AWS/Lambda
                  MetricName: %s
                  Dimensions:
                    - Name: FunctionName
                      Value: !Ref {{Id}}Function
                    - Name: Resource
                      Value: !Sub "${{{Id}}Function}:live"
                  %s
                  Period: 60
                  EvaluationPeriods: %d
                  Threshold: %s
                  ComparisonOperator: %s
                  TreatMissingData: notBreaching
            """.formatted(alarm, description, metric, statistic, periods, threshold, comparison);
    }

    private static final String SAGEMAKER_ENDPOINT = """
            Parameters:
              {{Id}}ImageUri:
                Type: String
                Description: Inference container image (e.g. a DJL/LMI or TGI image for an LLM, the XGBoost image)
              {{Id}}ModelDataUrl:
                Type: String
                Description: s3:// URI of model.tar.gz
              {{Id}}ExecutionRoleArn:
                Type: String
                Description: Role SageMaker assumes to pull the image and read the model
            Resources:
              {{Id}}Model:
                Type: AWS::SageMaker::Model
                Properties:
                  ExecutionRoleArn: !Ref {{Id}}ExecutionRoleArn
                  PrimaryContainer:
                    Image: !Ref {{Id}}ImageUri
                    ModelDataUrl: !Ref {{Id}}ModelDataUrl
              {{Id}}EndpointConfig:
                Type: AWS::SageMaker::EndpointConfig
                Properties:
                  ProductionVariants:
                    - VariantName: AllTraffic
                      ModelName: !GetAtt {{Id}}Model.ModelName
                      InitialVariantWeight: 1
            {{variant}}{{async}}  {{Id}}Endpoint:
                Type: AWS::SageMaker::Endpoint
                Properties:
                  EndpointConfigName: !GetAtt {{Id}}EndpointConfig.EndpointConfigName
                  DeploymentConfig:
                    BlueGreenUpdatePolicy:
                      TrafficRoutingConfiguration:
                        {{routing}}
                      TerminationWaitInSeconds: 600
                    AutoRollbackConfiguration:
                      Alarms:
                        - AlarmName: !Ref {{Id}}ErrorsAlarm
                        - AlarmName: !Ref {{Id}}LatencyAlarm
              {{Id}}ErrorsAlarm:
                Type: AWS::CloudWatch::Alarm
                Properties:
                  AlarmDescription: {{name}} 5XX errors on the endpoint (rolls a blue/green update back)
                  Namespace: AWS/SageMaker
                  MetricName: Invocation5XXErrors
                  Dimensions:
                    - Name: EndpointName
                      Value: !Sub "${AWS::StackName}-{{name}}"
                    - Name: VariantName
                      Value: AllTraffic
                  Statistic: Sum
                  Period: 60
                  EvaluationPeriods: 2
                  Threshold: 1
                  ComparisonOperator: GreaterThanOrEqualToThreshold
                  TreatMissingData: notBreaching
              {{Id}}LatencyAlarm:
                Type: AWS::CloudWatch::Alarm
                Properties:
                  AlarmDescription: {{name}} p99 model latency above {{p99}} ms
                  Namespace: AWS/SageMaker
                  MetricName: ModelLatency
                  Dimensions:
                    - Name: EndpointName
                      Value: !Sub "${AWS::StackName}-{{name}}"
                    - Name: VariantName
                      Value: AllTraffic
                  ExtendedStatistic: p99
                  Period: 60
                  EvaluationPeriods: 3
                  Threshold: {{p99}}000
                  ComparisonOperator: GreaterThanThreshold
                  TreatMissingData: notBreaching
            """;

    private static final String SAGEMAKER_ASYNC_CONFIG = """
                  AsyncInferenceConfig:
                    OutputConfig:
                      S3OutputPath: !Sub "s3://${ModelBucket}/async/{{name}}/output/"
                      S3FailurePath: !Sub "s3://${ModelBucket}/async/{{name}}/failed/"
                    ClientConfig:
                      MaxConcurrentInvocationsPerInstance: 4
            """;

    /** The endpoint variant's instance count as an Application Auto Scaling target, from {@code min} to max. */
    private static String scalableTarget(String min) {
        return """
              {{Id}}ScalableTarget:
                Type: AWS::ApplicationAutoScaling::ScalableTarget
                Properties:
                  ServiceNamespace: sagemaker
                  ScalableDimension: sagemaker:variant:DesiredInstanceCount
                  ResourceId: !Sub "endpoint/${{{Id}}Endpoint.EndpointName}/variant/AllTraffic"
                  MinCapacity: MIN
                  MaxCapacity: {{max}}
            """.replace("MinCapacity: MIN", "MinCapacity: " + min);
    }

    private static final String SAGEMAKER_REALTIME_SCALING = scalableTarget("{{min}}") + """
              {{Id}}ScalingPolicy:
                Type: AWS::ApplicationAutoScaling::ScalingPolicy
                Properties:
                  PolicyName: {{name}}-invocations-per-instance
                  PolicyType: TargetTrackingScaling
                  ScalingTargetId: !Ref {{Id}}ScalableTarget
                  TargetTrackingScalingPolicyConfiguration:
                    TargetValue: {{invocationsTarget}}
                    PredefinedMetricSpecification:
                      PredefinedMetricType: SageMakerVariantInvocationsPerInstance
            """;

    private static final String SAGEMAKER_ASYNC_SCALING = scalableTarget("0") + """
              {{Id}}ScalingPolicy:
                Type: AWS::ApplicationAutoScaling::ScalingPolicy
                Properties:
                  PolicyName: {{name}}-backlog-per-instance
                  PolicyType: TargetTrackingScaling
                  ScalingTargetId: !Ref {{Id}}ScalableTarget
                  TargetTrackingScalingPolicyConfiguration:
                    TargetValue: 5
                    CustomizedMetricSpecification:
                      MetricName: ApproximateBacklogSizePerInstance
                      Namespace: AWS/SageMaker
                      Dimensions:
                        - Name: EndpointName
                          Value: !GetAtt {{Id}}Endpoint.EndpointName
                      Statistic: Average
            """;

    private static final String SAGEMAKER_BATCH = """
            Parameters:
              {{Id}}ModelName:
                Type: String
                Description: Name of the SageMaker model (one per client version) the transform job runs
            Resources:
              {{Id}}StateMachine:
                Type: AWS::Serverless::StateMachine
                Properties:
                  Definition:
                    StartAt: Transform
                    States:
                      Transform:
                        Type: Task
                        Resource: arn:aws:states:::sagemaker:createTransformJob.sync
                        Parameters:
                          TransformJobName.$: "$$.Execution.Name"
                          ModelName: !Ref {{Id}}ModelName
                          TransformInput:
                            ContentType: text/csv
                            SplitType: Line
                            DataSource:
                              S3DataSource:
                                S3DataType: S3Prefix
                                S3Uri: !Sub "s3://${ModelBucket}/batch/input/{{name}}/"
                          TransformOutput:
                            S3OutputPath: !Sub "s3://${ModelBucket}/batch/output/{{name}}/"
                            AssembleWith: Line
                          TransformResources:
                            InstanceType: {{instance}}
                            InstanceCount: 1
                        End: true
                  Policies:
                    - Statement:
                        - Effect: Allow
                          Action:
                            - sagemaker:CreateTransformJob
                            - sagemaker:DescribeTransformJob
                            - sagemaker:StopTransformJob
                          Resource: "*"
            """ + MONTHLY_SCHEDULE;
}
