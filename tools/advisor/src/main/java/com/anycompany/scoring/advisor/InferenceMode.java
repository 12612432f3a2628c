package com.anycompany.scoring.advisor;

/** Where and how a model runs: the choices the advisor picks from. */
public enum InferenceMode {
    LAMBDA_SQS("lambda-sqs", "Lambda", "SQS event-driven"),
    LAMBDA_URL("lambda-url", "Lambda", "synchronous URL"),
    LAMBDA_ASYNC_CALLBACK("lambda-async-callback", "Lambda", "async callback"),
    LAMBDA_STEP_FUNCTIONS_BATCH("lambda-step-functions-batch", "Lambda", "Step Functions batch"),
    SAGEMAKER_REALTIME("sagemaker-realtime", "SageMaker", "real-time"),
    SAGEMAKER_SERVERLESS("sagemaker-serverless", "SageMaker", "serverless"),
    SAGEMAKER_ASYNC("sagemaker-async", "SageMaker", "async"),
    SAGEMAKER_BATCH_TRANSFORM("sagemaker-batch-transform", "SageMaker", "batch transform");

    private final String id;
    private final String platform;
    private final String kind;

    InferenceMode(String id, String platform, String kind) {
        this.id = id;
        this.platform = platform;
        this.kind = kind;
    }

    public String id() {
        return id;
    }

    public String platform() {
        return platform;
    }

    /** e.g. "Lambda: SQS event-driven". */
    public String label() {
        return platform + ": " + kind;
    }

    public boolean lambda() {
        return "Lambda".equals(platform);
    }

    public boolean batch() {
        return this == LAMBDA_STEP_FUNCTIONS_BATCH || this == SAGEMAKER_BATCH_TRANSFORM;
    }
}
