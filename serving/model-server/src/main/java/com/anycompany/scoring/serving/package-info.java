/**
 * A stand-alone model server for SageMaker and KServe-style hosting: {@code ModelServer} (started by {@code
 * ModelServerMain} from a {@code ServerEnvironment}) serves one {@code ServedModel} read by {@code ModelFiles},
 * speaks SageMaker's container contract ({@code SageMakerCodec}) and the Open Inference Protocol v2 ({@code
 * InferenceProtocol}), scores with the core through {@code RowScorer}, and logs as JSON ({@code JsonLogFormatter}).
 */
package com.anycompany.scoring.serving;
