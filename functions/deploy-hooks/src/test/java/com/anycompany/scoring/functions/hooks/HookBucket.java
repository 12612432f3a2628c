package com.anycompany.scoring.functions.hooks;

import com.anycompany.scoring.rollout.hooks.GoldenProbe;
import com.anycompany.scoring.rollout.hooks.LifecycleStatusReporter;
import com.anycompany.scoring.rollout.hooks.PreTrafficCheck;
import com.anycompany.scoring.local.LocalAws;
import com.anycompany.scoring.model.S3ModelStore;
import com.anycompany.scoring.rollout.AliasStore;
import com.anycompany.scoring.rollout.GoldenStore;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A bucket on the local S3 holding models, their golden sets and aliases, and the pre-traffic check reading it: what
 * a hook test stands up before it probes a real handler.
 */
final class HookBucket implements AutoCloseable {
    final LocalAws aws;
    final String bucket;
    final S3ModelStore models;
    final GoldenStore goldens;

    HookBucket(Path state, String bucket) {
        this.aws = LocalAws.start(state);
        this.bucket = bucket;
        aws.ensureBucket(bucket);
        this.models = new S3ModelStore(aws.s3Client(), bucket);
        this.goldens = new GoldenStore(aws.s3Client(), bucket);
    }

    /** The function's environment: the local endpoints and {@code MODEL_BUCKET}. */
    Map<String, String> environment() {
        Map<String, String> env = new HashMap<>(aws.environment());
        env.put("MODEL_BUCKET", bucket);
        return env;
    }

    /** The check over this bucket with {@code probe}, a p99 budget of 1,000 ms. */
    PreTrafficCheck check(GoldenProbe probe, LifecycleStatusReporter reporter) {
        return new PreTrafficCheck(new S3ModelStore(aws.s3Client(), bucket), new GoldenStore(aws.s3Client(), bucket),
                new AliasStore(aws.s3Client(), bucket), probe, reporter, 1000);
    }

    @Override
    public void close() {
        aws.close();
    }
}
