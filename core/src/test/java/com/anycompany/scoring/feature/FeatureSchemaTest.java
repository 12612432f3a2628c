package com.anycompany.scoring.feature;

import com.anycompany.scoring.records.Json;
import com.anycompany.scoring.model.FeatureSpec;
import com.anycompany.scoring.model.FeatureType;
import com.anycompany.scoring.model.InvalidRecordException;
import com.anycompany.scoring.model.MissingRule;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FeatureSchemaTest {
    private static final ObjectMapper JSON = Json.MAPPER;
    private final FeatureSchema schema = new FeatureSchema(List.of(
            new FeatureSpec("amount", FeatureType.FLOAT, true, 0.0, 1e6, null, null, null),
            new FeatureSpec("employee_tenure_days", FeatureType.INT, true, 0.0, null, null, null, null),
            new FeatureSpec("is_off_cycle", FeatureType.BOOL, false, null, null, MissingRule.IMPUTE, 0.0, null),
            new FeatureSpec("days_since_bank_change", FeatureType.INT, false, 0.0, null, MissingRule.TREE_DEFAULT, null,
                    null)));

    private JsonRecord json(String s) throws Exception {
        return new JsonRecord(JSON.readTree(s));
    }

    @Test
    void mapsByNameWhateverTheOrderAndIgnoresUnknownFields() throws Exception {
        float[] v = schema.map(json("{\"days_since_bank_change\":3,\"ssn\":\"123-45-6789\",\"is_off_cycle\":true,"
                + "\"employee_tenure_days\":400,\"amount\":12.5}"), "tx 1");
        assertArrayEquals(new float[]{12.5f, 400f, 1f, 3f}, v);
    }

    @Test
    void missingValuesFollowTheCardsRule() throws Exception {
        float[] v = schema.map(json("{\"amount\":\"7\",\"employee_tenure_days\":1,\"days_since_bank_change\":null}"),
                "tx 2");
        assertEquals(7f, v[0]);
        assertEquals(0f, v[2], "is_off_cycle is imputed");
        assertTrue(Float.isNaN(v[3]), "days_since_bank_change is passed as missing");
    }

    @Test
    void everyProblemIsReportedAtOnceInAMessageADataScientistCanActOn() throws Exception {
        InvalidRecordException e = assertThrows(InvalidRecordException.class,
                () -> schema.map(json("{\"amount\":\"12,50\",\"is_off_cycle\":\"maybe\",\"days_since_bank_change\":-4}"),
                        "transaction 42"));
        // the field and what is wrong, never the value (personal data stays out of logs and reports)
        assertEquals("transaction 42: 'amount' is not a number (got text: send digits with an optional '.' and no thousands separators, currency or words); 'employee_tenure_days' is required but "
                + "missing; 'is_off_cycle' is not a boolean (got text); use true/false or 1/0; "
                + "'days_since_bank_change' is below the minimum 0", e.getMessage());
        assertEquals(4, e.problems().size());
    }

    @Test
    void csvRowsMapByHeaderNameAndEmptyCellsAreMissing() throws Exception {
        CsvReader csv = new CsvReader(new StringReader(
                "\uFEFFdays_since_bank_change,amount,employee_tenure_days,note\r\n,\"1,000.5\",10,\"said \"\"hi\"\"\"\r\n"));
        CsvHeader header = new CsvHeader(csv.next());
        List<String> row = csv.next();
        assertEquals("said \"hi\"", row.get(3));
        InvalidRecordException e = assertThrows(InvalidRecordException.class,
                () -> schema.map(new CsvRecord(header, row), "row 1"));
        assertEquals("row 1: 'amount' is not a number (got text: send digits with an optional '.' and no thousands separators, currency or words)", e.getMessage());
        float[] v = schema.map(new CsvRecord(header, List.of("", "1000.5", "10")), "row 2");
        assertEquals(1000.5f, v[0]);
        assertTrue(Float.isNaN(v[3]));
    }

    @Test
    void wholeNumbersAndRangesAreEnforced() throws Exception {
        InvalidRecordException e = assertThrows(InvalidRecordException.class,
                () -> schema.map(json("{\"amount\":2e6,\"employee_tenure_days\":1.5}"), "r"));
        assertEquals(List.of("'amount' is above the maximum 1000000",
                "'employee_tenure_days' must be a whole number"), e.problems());
    }
}
