/**
 * Tests that span functions: the end-to-end demo and the publish/score flow, one model scored the same by every serving
 * path, the SAM template's security, alarms and deployment settings, and the packaged jars of every function. They run
 * against the real local servers (S3Proxy, ElasticMQ) and the functions' real handlers through the local runtime.
 */
package com.anycompany.scoring.integration;
