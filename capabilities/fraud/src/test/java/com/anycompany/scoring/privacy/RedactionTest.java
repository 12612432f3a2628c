package com.anycompany.scoring.privacy;

import com.anycompany.scoring.fraud.Transaction;
import com.anycompany.scoring.model.InvalidRecordException;
import com.anycompany.scoring.monitor.QuarantineReasons;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shared masking rule on the leaks issue 14 found, and on messages that echo values however they are quoted. */
class RedactionTest {
    @Test
    void aQuotedValueIsMaskedWhateverItContainsAndTheFieldNameStays() {
        String m = "'amount' is not a number (\"1,250.00 (USD) Philomena Crankshaftova\"); 'hour' is \"x\\\"y) z\"";
        String r = Redaction.redact(m);
        assertEquals("'amount' is not a number (\"***\"); 'hour' is \"***\"", r);
        assertEquals("'amount' is not a number (\"***\"",
                Redaction.redact("'amount' is not a number (\"Zebulon Quagmirewick, no closing quote"));
        assertEquals("salary $*** iban IBAN*** ssn ***-**-1120",
                Redaction.redact("salary 187,654.32 iban DE89370400440532013000 ssn 078-05-1120"));
    }

    @Test
    void quarantineKindsKeepNoValueEvenBehindAParenthesis() {
        Map<String, Long> counts = new TreeMap<>();
        QuarantineReasons.count(counts, "line 3: 'amount' is not a number (\"1,250.00 (USD) Philomena Crankshaftova\")");
        assertEquals(Map.of("'amount' is not a number", 1L), counts);
    }

    @Test
    void anUnquotedNameIsNotEchoedByTheJsonError() {
        InvalidRecordException e = assertThrows(InvalidRecordException.class, () -> Transaction.parse(
                "{\"transactionId\": \"t1\", \"employeeName\": Zebulon Quagmirewick}", "message m1"));
        assertFalse(e.getMessage().contains("Zebulon"), e.getMessage());
        assertTrue(e.getMessage().contains("not JSON at line 1, column"), e.getMessage());
    }
}
