package com.anycompany.scoring.rollout;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Sticky traffic split: an entity (employee, account) always falls in the same of 10,000 buckets for a model,
 * in every JVM (SHA-256 of {@code model + '\0' + entityId}). A challenger with weight w% serves buckets below
 * {@code w * 100}, so raising the weight only moves entities from the champion to the challenger, never back.
 */
public final class StickyAssignment {
    public static final int BUCKETS = 10_000;

    private StickyAssignment() {
    }

    public static int bucket(String model, String entityId) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] d = sha.digest((model + '\0' + entityId).getBytes(StandardCharsets.UTF_8));
            long v = ((d[0] & 0xffL) << 24) | ((d[1] & 0xffL) << 16) | ((d[2] & 0xffL) << 8) | (d[3] & 0xffL);
            return (int) (v % BUCKETS);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** True when {@code entityId} is served by a challenger that has {@code weightPercent}% of traffic. */
    public static boolean toChallenger(String model, String entityId, int weightPercent) {
        return bucket(model, entityId) < weightPercent * (BUCKETS / 100);
    }
}
