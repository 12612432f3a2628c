/**
 * The local AWS servers: {@link com.anycompany.scoring.local.LocalAws} starts S3Proxy (S3 on its filesystem-nio2 store) and
 * ElasticMQ (SQS) in process and hands out real AWS SDK v2 clients pointed at them; {@link
 * com.anycompany.scoring.local.QueueCatalog} names the queues. Part of the {@code local-runtime} module; the package
 * keeps its historical name so that the many tests that start these servers did not have to change their imports.
 * {@code LambdaTestContext}, a test fixture in this package name, lives in the {@code testing} module.
 */
package com.anycompany.scoring.local;
