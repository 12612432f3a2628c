package com.anycompany.scoring.fraud;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The identity of a decision on the decisions queue. It depends on the transaction alone (never on the model name or
 * version that decided it), so a transaction redelivered after a rollback and decided again by another version carries
 * the same key. FIFO deduplication and group ids are at most 128 characters of alphanumerics and punctuation
 * (SQS SendMessage: {@code MessageDeduplicationId}, {@code MessageGroupId}); a SHA-256 in hex (64 characters of
 * [0-9a-f]) always fits, and distinct transaction ids never collide the way a cut-off prefix does.
 */
public final class DecisionIdentity {
    /** SQS's alphabet for deduplication and group ids: a-z, A-Z, 0-9 and ASCII punctuation, at most 128 long. */
    private static final Pattern SQS_ID = Pattern.compile("[\\p{Alnum}\\p{Punct}]{1,128}");

    private DecisionIdentity() {
    }

    /** The dedup key of the decision for {@code transactionId}: "tx-" and the SHA-256 of the id in hex. */
    public static String dedupKey(String transactionId) {
        return "tx-" + sha256(transactionId);
    }

    /** A FIFO message group id: {@code groupId} when SQS accepts it as it is, else its hash. */
    public static String groupId(String groupId) {
        return SQS_ID.matcher(groupId).matches() ? groupId : "g-" + sha256(groupId);
    }

    static boolean validSqsId(String id) {
        return id != null && SQS_ID.matcher(id).matches();
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
