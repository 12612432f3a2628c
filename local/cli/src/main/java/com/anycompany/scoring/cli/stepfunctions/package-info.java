/**
 * A local interpreter of the Amazon States Language as AWS documents it: {@code AslLoader} reads the definition,
 * {@code AslInterpreter} runs its states (Task, Map with an {@code S3ItemSource}, Choice with {@code ChoiceRules},
 * retries and catchers with {@code AslErrors}), with {@code JsonPath}, {@code PayloadTemplate} and {@code Intrinsics}
 * for the data flow and a {@code TaskInvoker} that calls the local Lambda functions.
 */
package com.anycompany.scoring.cli.stepfunctions;
