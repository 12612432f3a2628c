/**
 * The deployment advisor: from a {@code ModelProfile} and a {@code Workload} it decides how a model should be served
 * ({@code Advisor}, with {@code ModeRules} and {@code StrategyRules} choosing between Lambda, SageMaker serverless,
 * asynchronous and real-time modes), sizes the Lambda function ({@code LambdaSizer}), prices each option from a
 * {@code PriceBook} ({@code CostModel}) and writes a {@code Recommendation} with SAM template snippets ({@code
 * TemplateSnippets}).
 */
package com.anycompany.scoring.advisor;
