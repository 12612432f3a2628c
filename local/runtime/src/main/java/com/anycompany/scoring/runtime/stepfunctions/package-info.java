/**
 * A local Step Functions: an interpreter of the Amazon States Language definitions in {@code statemachine/}
 * ({@link com.anycompany.scoring.runtime.stepfunctions.AslLoader} validates and loads,
 * {@link com.anycompany.scoring.runtime.stepfunctions.AslInterpreter} runs), with the documented semantics of paths,
 * intrinsic functions, Choice rules, Retry and Catch, inline and Distributed Map (items read from S3). Lambda tasks are
 * invoked in process through {@link com.anycompany.scoring.runtime.stepfunctions.LambdaTaskInvoker}. AWS offers no
 * local Step Functions server we may use, so this is the thin stand-in; see {@code docs/local-runtime.md}.
 */
package com.anycompany.scoring.runtime.stepfunctions;
