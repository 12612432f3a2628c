package com.anycompany.scoring.ocr;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Recognises the document type from its text: each spec's classify phrases that occur in a line or a form label
 * add their weight; the best score at or above the spec's {@code minScore} wins (ties go to the type that sorts
 * first), otherwise the document is {@code unknown}.
 */
public final class DocumentClassifier {
    private final FormSpecs specs;

    public DocumentClassifier(FormSpecs specs) {
        this.specs = specs;
    }

    public record Classification(Optional<FormSpec> spec, int score, String bestType, int bestScore) {
    }

    public Classification classify(DocumentModel doc) {
        List<String> texts = new ArrayList<>();
        doc.lines().forEach(l -> texts.add(Phrases.normalize(l.text())));
        doc.keyValues().forEach(kv -> texts.add(Phrases.normalize(kv.key())));
        FormSpec best = null;
        int bestScore = -1;
        for (FormSpec spec : specs.all()) {
            int score = 0;
            for (Map.Entry<String, Integer> p : spec.classifyPhrases().entrySet()) {
                if (texts.stream().anyMatch(t -> Phrases.contains(t, p.getKey()))) {
                    score += p.getValue();
                }
            }
            if (score > bestScore) {
                best = spec;
                bestScore = score;
            }
        }
        boolean enough = best != null && bestScore >= best.minScore();
        return new Classification(enough ? Optional.of(best) : Optional.empty(), Math.max(0, bestScore),
                best == null ? Extraction.UNKNOWN : best.type(), Math.max(0, bestScore));
    }
}
