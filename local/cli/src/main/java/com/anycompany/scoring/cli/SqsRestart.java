package com.anycompany.scoring.cli;

import com.anycompany.scoring.local.LocalAws;

import java.util.function.Consumer;

/**
 * Restarts the local SQS (ElasticMQ) in the middle of a drain: once the queue holds at most half of what was sent,
 * the HTTP endpoint stops for {@link #DOWN_MILLIS} ms (every receive, send and delete fails meanwhile) and starts
 * again with its queues and messages, as an SQS outage looks to Lambda's poller and the function.
 */
final class SqsRestart {
    static final long DOWN_MILLIS = 3_000;

    private SqsRestart() {
    }

    /** Starts a daemon thread that waits for the queue to be half drained (at most 10 minutes), then restarts SQS. */
    static Thread whenHalfDrained(LocalAws aws, String queueUrl, int sent, Consumer<String> progress) {
        Thread t = new Thread(() -> {
            long deadline = System.nanoTime() + 600_000_000_000L;
            try {
                while (System.nanoTime() < deadline) {
                    Thread.sleep(100);
                    if (aws.queueDepth(queueUrl).total() <= sent / 2) {
                        break;
                    }
                }
                progress.accept("stopping ElasticMQ for " + DOWN_MILLIS + " ms mid-drain");
                aws.stopSqs();
                Thread.sleep(DOWN_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                aws.startSqs();
                progress.accept("ElasticMQ started again");
            }
        }, "sqs-restart");
        t.setDaemon(true);
        t.start();
        return t;
    }
}
