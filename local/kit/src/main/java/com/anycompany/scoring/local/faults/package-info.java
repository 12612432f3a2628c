/**
 * Fault injection in front of the real local servers: {@code SqsSendFaults} makes SendMessageBatch answer with the
 * partial failures SQS documents (throttling, sender faults) that ElasticMQ never gives, so the delivery code's retry
 * paths are exercised against a real queue.
 */
package com.anycompany.scoring.local.faults;
