package com.anycompany.scoring.ocr;

import com.anycompany.scoring.records.Json;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * The JSON written to {@code documents/processed|review|failed/<docId>.json} and printed by
 * {@code ./scoring ocr extract}. Deterministic (no clock, fixed field order), so a retry writes the same bytes.
 */
public final class OutcomeJson {
    private static final ObjectMapper JSON = Json.MAPPER;

    private OutcomeJson() {
    }

    public static ObjectNode toJson(OcrOutcome outcome) {
        ObjectNode n = JSON.createObjectNode();
        n.put("docId", outcome.docId());
        n.put("outcome", outcome.kind());
        n.put("jobId", outcome.jobId());
        if (outcome instanceof OcrOutcome.Processed p) {
            extraction(n, p.extraction());
        } else if (outcome instanceof OcrOutcome.Review r) {
            extraction(n, r.extraction());
            n.set("reasons", reasons(r.reasons()));
        } else if (outcome instanceof OcrOutcome.Failed f) {
            n.put("status", f.status());
            n.put("statusMessage", f.statusMessage());
        } else if (outcome instanceof OcrOutcome.Pending p) {
            n.put("status", p.status());
        }
        return n;
    }

    public static byte[] toBytes(OcrOutcome outcome) {
        try {
            return Json.PRETTY.writeValueAsBytes(toJson(outcome));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise an OCR outcome", e);
        }
    }

    public static String toPrettyString(OcrOutcome outcome) {
        return toJson(outcome).toPrettyString();
    }

    private static void extraction(ObjectNode n, Extraction e) {
        n.put("documentType", e.documentType());
        n.put("spec", e.specId());
        n.put("pages", e.pages());
        n.put("signatures", e.signatures());
        ObjectNode fields = n.putObject("fields");
        ObjectNode confidence = n.putObject("confidence");
        ObjectNode evidence = n.putObject("evidence");
        e.fields().forEach((name, f) -> {
            Object v = f.value();
            if (v instanceof BigDecimal d) {
                fields.put(name, d);
            } else if (v instanceof LocalDate d) {
                fields.put(name, d.toString());
            } else {
                fields.put(name, String.valueOf(v));
            }
            confidence.put(name, Math.round(f.confidence() * 10) / 10.0);
            ObjectNode ev = evidence.putObject(name);
            ev.put("source", f.source());
            ev.put("label", f.label());
            ev.put("page", f.page());
        });
        if (!e.dropped().isEmpty()) {
            n.set("dropped", reasons(e.dropped()));
        }
        if (!e.warnings().isEmpty()) {
            ArrayNode w = n.putArray("warnings");
            e.warnings().forEach(w::add);
        }
    }

    private static ArrayNode reasons(List<Reason> reasons) {
        ArrayNode a = JSON.createArrayNode();
        for (Reason r : reasons) {
            ObjectNode o = a.addObject();
            if (r.field() != null) {
                o.put("field", r.field());
            }
            o.put("code", r.code());
            o.put("message", r.message());
        }
        return a;
    }
}
