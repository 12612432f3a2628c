/**
 * The local Lambda runtime: {@code SamTemplate} (with {@code CfnYaml}) reads {@code template.yaml}, {@code
 * LocalLambda} and {@code LocalRuntime} run the functions' handlers in this JVM with a {@code LocalContext} and their
 * environment, {@code SqsEventSourcePoller} feeds them from the local SQS as Lambda's event source mapping would, and
 * {@code HandlerStdout} captures their JSON logs.
 */
package com.anycompany.scoring.cli.runtime;
