package com.anycompany.scoring.ocr;

import java.util.List;
import java.util.Map;

/**
 * A versioned specification of one document type, read from configuration ({@code ocr/specs/<type>.v<N>.json}):
 * how to recognise it, which QUERIES to ask Textract, its fields and the rules across fields.
 *
 * @param classifyPhrases normalized phrase to weight; a document scores the weights of the phrases it contains
 * @param minScore        the score a document needs to be classified as this type
 * @param queries         Textract QUERIES (text, alias) the starter adds when it knows the type up front
 */
public record FormSpec(String type, int version, String title, Map<String, Integer> classifyPhrases, int minScore,
                       double minConfidence, List<Query> queries, List<FieldSpec> fields, List<Rule> rules,
                       int minSignatures) {

    public record Query(String text, String alias) {
    }

    /**
     * A check across two fields: {@code lte} (left ≤ right) or {@code gte} (left ≥ right), on amounts, numbers or
     * dates; {@code reason} is what a reviewer reads when it does not hold.
     */
    public record Rule(String check, String left, String right, String reason) {
    }

    /** "paystub@1". */
    public String id() {
        return type + "@" + version;
    }

    public FieldSpec field(String name) {
        return fields.stream().filter(f -> f.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(id() + " has no field " + name));
    }
}
