package com.anycompany.scoring.ocr;

import com.anycompany.scoring.ocr.DocumentModel.Cell;
import com.anycompany.scoring.ocr.DocumentModel.Table;
import com.anycompany.scoring.ocr.textract.TextractResponse;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every real Textract response in ../shared/reference/textract/ through the parser and the whole pipeline. */
class ReferenceResponsesTest {
    private static final DocumentPipeline PIPELINE = new DocumentPipeline(FormSpecs.builtIn());

    private static OcrOutcome run(String file) {
        return PIPELINE.run("doc-1", "job-1", ReferenceResponses.read(file), Optional.empty());
    }

    private static Extraction extraction(OcrOutcome o) {
        return o instanceof OcrOutcome.Processed p ? p.extraction() : ((OcrOutcome.Review) o).extraction();
    }

    private static Object value(OcrOutcome o, String field) {
        ExtractedField f = extraction(o).fields().get(field);
        return f == null ? null : f.value();
    }

    @Test
    void payStubIsReadFullyAndGoesToReviewBecauseItsSsnCanNeverBeIssued() {
        for (String file : List.of("paystub-response.json", "paystub_with_signature.json")) {
            OcrOutcome o = run(file);
            OcrOutcome.Review review = assertInstanceOf(OcrOutcome.Review.class, o, file);
            assertEquals("paystub", review.extraction().documentType());
            assertEquals("paystub@1", review.extraction().specId());
            assertEquals(List.of("ssn:invalid_ssn"), review.reasons().stream().map(r -> r.field() + ":" + r.code()).toList(),
                    file);
            assertEquals(LocalDate.of(2008, 7, 25), value(o, "pay_date"));
            assertEquals(LocalDate.of(2008, 7, 18), value(o, "period_end"));
            assertEquals(new BigDecimal("452.43"), value(o, "gross_pay"));
            assertEquals(new BigDecimal("291.90"), value(o, "net_pay"));
            assertEquals(new BigDecimal("23526.80"), value(o, "ytd_gross"));
            // the form's own "Gross Pay" pair is read at 46% confidence; the value comes from a confident source
            assertTrue(review.extraction().fields().get("gross_pay").confidence() >= 80);
            // net pay's key-value pair is at 77%, below the threshold: the Deductions table's "Net Pay" row wins
            assertEquals("table", review.extraction().fields().get("net_pay").source());
            // no reason quotes the SSN
            review.reasons().forEach(r -> assertFalse(r.message().contains("4321"), r.message()));
        }
    }

    @Test
    void verificationOfEmploymentFormsAreProcessedWithTheCheckedPayPeriod() {
        for (String file : List.of("request_for_verification_of_employment.json", "form1005-response.json")) {
            OcrOutcome o = run(file);
            OcrOutcome.Processed p = assertInstanceOf(OcrOutcome.Processed.class, o, () -> file + ": "
                    + OutcomeJson.toPrettyString(o));
            assertEquals("verification_of_employment", p.extraction().documentType());
            assertEquals("annual", value(o, "pay_period"));
            assertEquals("selection", p.extraction().fields().get("pay_period").source());
            assertEquals(new BigDecimal("5600.00"), value(o, "current_gross_base_pay"));
            assertEquals(LocalDate.of(2006, 6, 6), value(o, "date_of_employment"));
            assertEquals("General Manager", value(o, "present_position"));
            assertEquals(LocalDate.of(2004, 4, 4), value(o, "date_hired"));
            assertEquals(3, p.extraction().signatures());
        }
    }

    @Test
    void employmentApplicationsAreProcessedIncludingTheTwoPageDocument() {
        OcrOutcome single = run("employment-application.json");
        assertInstanceOf(OcrOutcome.Processed.class, single);
        assertEquals("Jane Doe", value(single, "full_name"));
        assertEquals("555-0100", value(single, "phone"));
        assertEquals("123 Any Street, Any Town, USA", value(single, "home_address"));

        OcrOutcome twoPages = run("multi-page-forms-samples-2-page.json");
        OcrOutcome.Processed p = assertInstanceOf(OcrOutcome.Processed.class, twoPages);
        assertEquals("employment_application", p.extraction().documentType());
        assertEquals(2, p.extraction().pages());
        // page 1 is a patient form with its own "Address:" and "Phone:"; the application's own labels win
        assertEquals("23 Any Street, Any Town. USA", value(twoPages, "home_address"));
        assertEquals(2, p.extraction().fields().get("home_address").page());
    }

    @Test
    void failedAndInProgressJobsAreReportedAsSuch() {
        OcrOutcome failed = run("test-failed-response.json");
        OcrOutcome.Failed f = assertInstanceOf(OcrOutcome.Failed.class, failed);
        assertEquals("FAILED", f.status());
        assertEquals("Dummy Status Message", f.statusMessage());
        assertInstanceOf(OcrOutcome.Pending.class, run("test-inprogress-response.json"));
    }

    @Test
    void theDocumentModelResolvesMergedCellsSelectionsSignaturesAndQueries() {
        List<TextractResponse> pages = ReferenceResponses.read("paystub-response.json");
        DocumentModel doc = DocumentModelBuilder.build(TextractResponse.blocks(pages));
        assertEquals(1, doc.pages().size());
        assertEquals(144, doc.lines().size());
        assertEquals(27, doc.keyValues().size());
        assertEquals(7, doc.tables().size());
        assertEquals(1, doc.signatures().size());
        assertEquals(3, doc.queries().size());
        assertTrue(doc.warnings().isEmpty(), doc.warnings().toString());
        Table earnings = doc.tables().stream().filter(t -> t.at(1, 1).map(Cell::text).orElse("").equals("Earnings"))
                .findFirst().orElseThrow();
        Cell gross = earnings.at(6, 3).orElseThrow();
        assertTrue(gross.merged());
        assertEquals("Gross Pay", gross.text());
        assertEquals(2, gross.column());
        assertEquals(2, gross.columnSpan());
        assertEquals(4, earnings.row(6).size(), "five columns, two of them merged");

        DocumentModel voe = DocumentModelBuilder.build(TextractResponse.blocks(
                ReferenceResponses.read("request_for_verification_of_employment.json")));
        assertEquals(9, voe.selections().size());
        assertEquals(3, voe.signatures().size());
        assertEquals(50, voe.keyValues().size());
        assertEquals(9, voe.keyValues().stream().filter(kv -> kv.selection().isPresent()).count());
        DocumentModel.KeyValue annual = voe.keyValues().stream().filter(kv -> kv.key().equals("Annual")).findFirst()
                .orElseThrow();
        assertEquals(Optional.of(true), annual.selection());
        assertEquals(Math.min(annual.keyConfidence(), annual.valueConfidence()), annual.confidence());
    }

    @Test
    void blocksWithMissingRelationshipsDegradeInsteadOfFailing() {
        List<com.anycompany.scoring.ocr.textract.Block> blocks = TextractResponse.blocks(
                ReferenceResponses.read("paystub-response.json"));
        // drop every VALUE block and every third WORD: relationships now point at nothing
        int[] i = {0};
        List<com.anycompany.scoring.ocr.textract.Block> damaged = blocks.stream()
                .filter(b -> !(b.type().equals("KEY_VALUE_SET") && b.hasEntity("VALUE")))
                .filter(b -> !b.type().equals("WORD") || i[0]++ % 3 != 0).toList();
        DocumentModel doc = DocumentModelBuilder.build(damaged);
        assertEquals(27, doc.keyValues().size());
        assertTrue(doc.keyValues().stream().allMatch(kv -> kv.value().isEmpty() && kv.confidence() == 0));
        assertTrue(doc.warnings().stream().anyMatch(w -> w.contains("point at blocks that are not in the response")));
        OcrOutcome o = PIPELINE.run("d", "j", List.of(new TextractResponse(Optional.empty(), Optional.empty(), 1,
                Optional.empty(), damaged, List.of())), Optional.of("paystub"));
        assertInstanceOf(OcrOutcome.Review.class, o);
    }
}
