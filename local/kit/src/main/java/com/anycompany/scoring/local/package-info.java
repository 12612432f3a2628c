/**
 * The local AWS kit: {@code LocalAws} starts the embedded S3 (S3Proxy) and SQS (ElasticMQ) servers and hands out real
 * SDK v2 clients for them, {@code QueueCatalog} remembers the queues across runs, and {@code LambdaTestContext} is a
 * Lambda {@code Context} for running handlers outside Lambda (its base, {@code DirectInvokeContext}, is shared with
 * the local runtime's context).
 */
package com.anycompany.scoring.local;
