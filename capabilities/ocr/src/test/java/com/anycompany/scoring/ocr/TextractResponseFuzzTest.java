package com.anycompany.scoring.ocr;

import com.anycompany.scoring.records.Json;
import com.anycompany.scoring.ocr.textract.InvalidTextractResponseException;
import com.anycompany.scoring.ocr.textract.TextractResponse;
import com.anycompany.scoring.ocr.textract.TextractResponses;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.anycompany.scoring.fuzz.JsonMutator;
import com.anycompany.scoring.fuzz.JsonMutator.Mutation;
import com.fasterxml.jackson.databind.JsonNode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.Provide;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzz tests of the Textract response parser and the document pipeline behind it: random responses in Textract's
 * shape (every block type, relationships that dangle, point at themselves or form cycles, absurd row/column indexes
 * and spans, wrong value types, huge pages), truncated and byte-flipped files. Each either parses and the pipeline
 * returns an outcome (processed, review, failed or pending), or fails with {@link InvalidTextractResponseException}
 * naming the source; nothing else escapes, so one bad page cannot crash the callback's batch.
 */
class TextractResponseFuzzTest {
    private static final ObjectMapper JSON = Json.MAPPER;
    private static final java.util.Map<String, JsonNode> REFERENCES = new java.util.concurrent.ConcurrentHashMap<>();
    private static final DocumentPipeline PIPELINE = new DocumentPipeline(FormSpecs.builtIn());
    private static final List<String> TYPES = List.of("PAGE", "LINE", "WORD", "KEY_VALUE_SET", "TABLE", "CELL",
            "MERGED_CELL", "TABLE_TITLE", "TABLE_FOOTER", "SELECTION_ELEMENT", "SIGNATURE", "QUERY", "QUERY_RESULT",
            "LAYOUT_TEXT", "NOT_A_TYPE", "");
    private static final List<String> RELATIONS = List.of("CHILD", "VALUE", "ANSWER", "MERGED_CELL", "TABLE_TITLE",
            "COMPLEX_FEATURES", "?");
    private static final List<String> WORDS = List.of("Pay date:", "Gross Pay", "Net Pay", "$1,000.00", "1/9/2026",
            "Social Security Number:", "123-45-6789", "Employer", "YTD", "", " ", "\u0000", "é€😀", "Period ending:",
            "x".repeat(5000), "-1e309", "NaN");

    static byte[] randomResponse(long seed, int blocks) {
        Random r = new Random(seed);
        ObjectNode root = JSON.createObjectNode();
        if (r.nextInt(5) > 0) {
            root.put("JobStatus", List.of("SUCCEEDED", "PARTIAL_SUCCESS", "FAILED", "IN_PROGRESS", "WEIRD").get(
                    r.nextInt(5)));
        }
        if (r.nextInt(4) == 0) {
            root.put("StatusMessage", WORDS.get(r.nextInt(WORDS.size())));
        }
        root.putObject("DocumentMetadata").put("Pages", r.nextInt(4) == 0 ? Integer.MAX_VALUE : r.nextInt(5));
        ArrayNode list = root.putArray("Blocks");
        int ids = Math.max(1, blocks);
        for (int i = 0; i < blocks; i++) {
            if (r.nextInt(30) == 0) {
                list.add(r.nextBoolean() ? JSON.getNodeFactory().numberNode(i) : JSON.getNodeFactory().nullNode());
                continue;
            }
            ObjectNode b = list.addObject();
            if (r.nextInt(40) > 0) {
                b.put("Id", "b" + (r.nextInt(10) == 0 ? r.nextInt(ids) : i));
            }
            if (r.nextInt(40) > 0) {
                b.put("BlockType", TYPES.get(r.nextInt(TYPES.size())));
            }
            b.put("Text", WORDS.get(r.nextInt(WORDS.size())));
            b.put("Confidence", r.nextInt(10) == 0 ? -5 : r.nextDouble() * 120);
            b.put("Page", r.nextInt(10) == 0 ? r.nextInt() : 1 + r.nextInt(3));
            if (r.nextBoolean()) {
                b.putArray("EntityTypes").add(List.of("KEY", "VALUE", "COLUMN_HEADER", "?").get(r.nextInt(4)));
            }
            if (r.nextInt(3) > 0) {
                b.put("RowIndex", r.nextInt(10) == 0 ? r.nextInt() : r.nextInt(6));
                b.put("ColumnIndex", r.nextInt(10) == 0 ? r.nextInt() : r.nextInt(6));
                b.put("RowSpan", r.nextInt(10) == 0 ? r.nextInt() : 1 + r.nextInt(2));
                b.put("ColumnSpan", r.nextInt(10) == 0 ? r.nextInt() : 1 + r.nextInt(2));
            }
            if (r.nextInt(4) == 0) {
                b.put("SelectionStatus", r.nextBoolean() ? "SELECTED" : "NOT_SELECTED");
            }
            if (r.nextInt(6) == 0) {
                b.putObject("Query").put("Text", WORDS.get(r.nextInt(WORDS.size()))).put("Alias", "A" + r.nextInt(3));
            }
            if (r.nextInt(3) > 0) {
                ObjectNode box = b.putObject("Geometry").putObject("BoundingBox");
                box.put("Left", r.nextDouble()).put("Top", r.nextDouble()).put("Width", r.nextDouble() * 2 - 0.5)
                        .put("Height", r.nextInt(8) == 0 ? Double.NaN : r.nextDouble());
            }
            int rels = r.nextInt(4);
            if (rels > 0) {
                ArrayNode relArray = b.putArray("Relationships");
                for (int k = 0; k < rels; k++) {
                    ObjectNode rel = relArray.addObject();
                    rel.put("Type", RELATIONS.get(r.nextInt(RELATIONS.size())));
                    ArrayNode idList = rel.putArray("Ids");
                    int n = r.nextInt(6);
                    for (int j = 0; j < n; j++) {
                        // mostly other blocks, sometimes itself, sometimes a block that does not exist
                        idList.add(r.nextInt(8) == 0 ? "b" + i : r.nextInt(8) == 0 ? "missing" + j : "b" + r.nextInt(ids));
                    }
                }
            } else if (r.nextInt(20) == 0) {
                b.put("Relationships", "not-an-array");
            }
        }
        try {
            return JSON.writeValueAsBytes(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Parses and runs the pipeline; only a clear InvalidTextractResponseException may come out (then null). */
    private static OcrOutcome parseAndRun(byte[] bytes, String source) {
        TextractResponse page;
        try {
            page = TextractResponses.parse(bytes, source);
        } catch (InvalidTextractResponseException e) {
            assertTrue(e.getMessage().startsWith(source + ": "), e.getMessage());
            return null;
        }
        OcrOutcome outcome = PIPELINE.run("doc-1", "job-1", List.of(page), Optional.empty());
        assertNotNull(outcome);
        assertTrue(OutcomeJson.toBytes(outcome).length > 0, "the outcome the callback writes can be written");
        return outcome;
    }

    @Provide
    Arbitrary<String> references() {
        return Arbitraries.of("paystub-response.json", "paystub_with_signature.json", "employment-application.json",
                "multi-page-forms-samples-2-page.json", "request_for_verification_of_employment.json",
                "form1005-response.json", "test-failed-response.json", "test-inprogress-response.json");
    }

    @Provide
    Arbitrary<List<Mutation>> mutations() {
        return JsonMutator.mutations(4);
    }

    /**
     * Issue 18, item 7: a real Textract response from ../shared/reference/textract/, mutated structurally by the shared
     * {@link JsonMutator}, through the parser and the callback's extraction pipeline: an outcome (review and failed
     * carry a reason) or a clear {@link InvalidTextractResponseException}; nothing else escapes.
     */
    @Property(tries = 40)
    void mutatedRealResponsesGiveAnOutcomeWithAReasonOrAClearError(@ForAll("references") String name,
            @ForAll("mutations") List<Mutation> ms) throws Exception {
        JsonNode valid = REFERENCES.computeIfAbsent(name, n -> {
            try {
                return JSON.readTree(ReferenceResponses.file(n).toFile());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        OcrOutcome outcome = parseAndRun(JsonMutator.mutate(valid, ms).getBytes(StandardCharsets.UTF_8),
                "s3://docs/textract/job-1/1");
        if (outcome instanceof OcrOutcome.Review r) {
            assertFalse(r.reasons().isEmpty(), "review names its reasons");
        } else if (outcome instanceof OcrOutcome.Failed f) {
            assertFalse(f.statusMessage() == null || f.statusMessage().isBlank(), "failed says why");
        }
    }

    @Property(tries = 150)
    void anyResponseInTextractsShapeGivesAnOutcome(@ForAll long seed, @ForAll @IntRange(max = 80) int blocks) {
        parseAndRun(randomResponse(seed, blocks), "s3://docs/textract/job-1/1");
    }

    @Property(tries = 120)
    void truncatedAndCorruptedFilesAreClearErrors(@ForAll long seed, @ForAll @IntRange(max = 1_000_000) int cut,
            @ForAll byte flip) {
        byte[] bytes = randomResponse(seed, 20);
        byte[] truncated = java.util.Arrays.copyOf(bytes, cut % bytes.length);
        parseAndRun(truncated, "truncated");
        byte[] flipped = bytes.clone();
        flipped[cut % bytes.length] = flip;
        parseAndRun(flipped, "flipped");
    }

    /**
     * Found by this fuzz test: a CELL claiming RowIndex 2,000,000,000 made field extraction walk two billion rows.
     * Cells beyond {@link DocumentModelBuilder#MAX_TABLE_DIMENSION} are now dropped with a warning, and extraction
     * visits only the rows some cell covers.
     */
    @Example
    void aCellWithAnAbsurdRowIndexIsDroppedQuickly() {
        ObjectNode root = JSON.createObjectNode().put("JobStatus", "SUCCEEDED");
        ArrayNode blocks = root.putArray("Blocks");
        blocks.addObject().put("Id", "t").put("BlockType", "TABLE").putArray("Relationships").addObject()
                .put("Type", "CHILD").putArray("Ids").add("c1").add("c2").add("c3");
        addCell(blocks, "c1", 1, 1, 1, "w1");
        addCell(blocks, "c2", 2_000_000_000, 1, 1, "w2");
        addCell(blocks, "c3", 3, 2, 1_999_999_999, "w3");
        for (String w : List.of("w1", "w2", "w3")) {
            blocks.addObject().put("Id", w).put("BlockType", "WORD").put("Text", "Gross Pay");
        }
        TextractResponse page = TextractResponses.parse(root, "absurd");
        long t0 = System.nanoTime();
        OcrOutcome outcome = PIPELINE.run("doc", "job", List.of(page), Optional.of("paystub"));
        assertTrue(System.nanoTime() - t0 < 2_000_000_000L, "bounded time");
        assertTrue(OutcomeJson.toPrettyString(outcome).contains("beyond " + DocumentModelBuilder.MAX_TABLE_DIMENSION
                + "; dropped"), OutcomeJson.toPrettyString(outcome));
    }

    private static void addCell(ArrayNode blocks, String id, int row, int col, int rowSpan, String word) {
        ObjectNode c = blocks.addObject().put("Id", id).put("BlockType", "CELL").put("RowIndex", row)
                .put("ColumnIndex", col).put("RowSpan", rowSpan).put("ColumnSpan", 1);
        c.putArray("Relationships").addObject().put("Type", "CHILD").putArray("Ids").add(word);
    }

    @Example
    void deepNestingAndNonObjectsAreClearErrors() {
        byte[] deep = ("{\"Blocks\":" + "[".repeat(100_000)).getBytes(StandardCharsets.UTF_8);
        InvalidTextractResponseException e = assertThrows(InvalidTextractResponseException.class,
                () -> TextractResponses.parse(deep, "deep"));
        assertTrue(e.getMessage().startsWith("deep: not JSON ("), e.getMessage());
        for (String s : List.of("[]", "1", "null", "\"x\"", "{}", "{\"Blocks\":3}")) {
            assertThrows(InvalidTextractResponseException.class,
                    () -> TextractResponses.parse(s.getBytes(StandardCharsets.UTF_8), "odd"), s);
        }
    }
}
