package com.anycompany.scoring.model;

import java.util.Map;
import java.util.Optional;

/**
 * One listing of a model prefix (ListObjectsV2 is strongly consistent: every key under {@code prefix} with its ETag)
 * and the bytes of client versions read earlier (a packed bundle), which {@link ETagCheckedLoader} uses instead of
 * two GETs only while this listing shows the very ETags they were read with. For a version under {@code prefix}, the
 * listing also answers "does its card exist" and "is the cached version still current" without a request.
 *
 * @param prefix key prefix the listing covers, ending in '/' (for example {@code models/attrition/clients/})
 * @param eTags  every key listed under {@code prefix} and its ETag
 * @param packed versions whose card and artifact bytes are at hand, with the ETags they were read with
 */
public record ListedModels(String prefix, Map<String, String> eTags, Map<ModelRef, Packed> packed) {
    /** A version's card and artifact as read (pinned to these ETags); the card names the artifact file. */
    public record Packed(String cardETag, byte[] card, String artifactKey, String artifactETag, byte[] artifact) {
    }

    public ListedModels {
        if (prefix == null || !prefix.endsWith("/")) {
            throw new IllegalArgumentException("a listed prefix ends in '/': " + prefix);
        }
        eTags = Map.copyOf(eTags);
        packed = Map.copyOf(packed);
    }

    /** Whether the listing covers this version's keys (so a card it does not show does not exist). */
    public boolean covers(ModelRef ref) {
        return ref.prefix().startsWith(prefix);
    }

    /** The listed ETag of the version's card, null when the listing shows no card. */
    public String cardETag(ModelRef ref) {
        return eTags.get(ref.prefix() + "card.json");
    }

    /** The packed bytes of a version when the listing shows both its card and its artifact unchanged since read. */
    public Optional<Packed> current(ModelRef ref) {
        Packed p = packed.get(ref);
        if (p == null || !covers(ref) || !p.artifactKey().startsWith(ref.prefix())) {
            return Optional.empty();
        }
        return sameETag(p.cardETag(), cardETag(ref)) && sameETag(p.artifactETag(), eTags.get(p.artifactKey()))
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
