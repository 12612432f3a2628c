package com.anycompany.scoring.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

import java.util.ArrayList;
import java.util.List;

/**
 * Object keys as an S3 event may carry them, built from odd pieces: the entry point's own prefixes, bad and good
 * %-escapes, '+', unicode, a lone surrogate, NUL, '..', a 4,000-character segment.
 */
public final class OddS3Keys {
    private OddS3Keys() {
    }

    /** 0 to 8 pieces joined; {@code prefixes} are the entry point's own (so some keys get past the first checks). */
    public static Arbitrary<String> keys(String... prefixes) {
        List<String> pieces = new ArrayList<>(List.of(prefixes));
        pieces.addAll(List.of("%", "%2", "%FF", "%C3%A9", "%C3", "%2F", "%00", "+", "é", "😀", "\uD800", "..", "/",
                "//", "\u0000", "x".repeat(4000), "c1.csv", ".jsonl", ".pdf", "%252F", " ", "\\"));
        return Arbitraries.of(pieces).list().ofMinSize(0).ofMaxSize(8).map(l -> String.join("", l));
    }

    /**
     * The S3 event document with its first record's key set to {@code key} (unless null), then, when {@code mutate},
     * the {@link JsonMutator}'s mutations applied: the JSON text the Lambda runtime would deserialize.
     */
    public static String event(JsonNode valid, String key, boolean mutate, List<JsonMutator.Mutation> ms) {
        JsonNode doc = valid.deepCopy();
        if (key != null) {
            ((ObjectNode) doc.at("/Records/0/s3/object")).put("key", key);
        }
        return mutate ? JsonMutator.mutate(doc, ms) : doc.toString();
    }
}
