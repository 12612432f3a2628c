package com.anycompany.scoring.model;

import java.util.Map;
import java.util.Optional;

/**
 * The client versions of one model version as one listing of the model bucket showed them (ListObjectsV2 is strongly
 * consistent: every card with its ETag), with the card and artifact bytes of those that were packed, read with those
 * very ETags. A batch run takes this snapshot once, when it is planned, and every shard of the run uses it: for a
 * client of {@code name}@{@code version}, {@link ETagCheckedLoader} reads the packed bytes instead of two GETs, knows
 * without a request that a client with no listed card has no model, and checks a cached model against the listed
 * card ETag instead of a conditional GET. A model changed in S3 after the listing is used from the next run's listing.
 *
 * @param cardETags client id -> the listed ETag of its card.json
 * @param packed    client id -> its card and artifact, read pinned to the listed ETags
 */
public record ListedModels(String name, String version, Map<String, String> cardETags, Map<String, Packed> packed) {
    /** A version's card and artifact as read (pinned to these ETags); the card names the artifact file. */
    public record Packed(String cardETag, byte[] card, String artifactKey, byte[] artifact) {
    }

    public ListedModels {
        ModelRef.of(name, version); // validates both
        cardETags = Map.copyOf(cardETags);
        packed = Map.copyOf(packed);
    }

    /** Whether the listing covers this version (a client version of this model version). */
    public boolean covers(ModelRef ref) {
        return ref.clientId() != null && name.equals(ref.name()) && version.equals(ref.version());
    }

    /** The listed ETag of the version's card, null when the listing showed no card (or does not cover it). */
    public String cardETag(ModelRef ref) {
        return covers(ref) ? cardETags.get(ref.clientId()) : null;
    }

    /** The packed bytes of a covered version, when they were read with the listed card ETag. */
    public Optional<Packed> current(ModelRef ref) {
        Packed p = covers(ref) ? packed.get(ref.clientId()) : null;
        return p != null && sameETag(p.cardETag(), cardETag(ref)) && p.artifactKey().startsWith(ref.prefix())
                ? Optional.of(p) : Optional.empty();
    }

    /** ETags compared as S3 gives them, with or without their quotes; null is never the same as anything. */
    public static boolean sameETag(String a, String b) {
        return a != null && b != null && unquote(a).equals(unquote(b));
    }

    private static String unquote(String e) {
        return e.length() >= 2 && e.startsWith("\"") && e.endsWith("\"") ? e.substring(1, e.length() - 1) : e;
    }
}
