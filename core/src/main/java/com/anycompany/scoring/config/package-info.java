/**
 * Wiring from the environment: {@code AwsClients} builds the SDK v2 clients once per process (honouring endpoint
 * overrides for the local servers), and {@code FunctionEnvironment} reads a function's environment variables with
 * errors that name the missing setting.
 */
package com.anycompany.scoring.config;
