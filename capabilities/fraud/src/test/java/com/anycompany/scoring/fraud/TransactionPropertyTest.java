package com.anycompany.scoring.fraud;

import com.anycompany.scoring.model.InvalidRecordException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Property tests of the transaction parser (every SQS message body goes through it): whatever the body, it is either
 * a transaction or an {@link InvalidRecordException} that names the message and says what is wrong, never another
 * exception, in bounded time; the message never echoes the body (which may hold personal data).
 */
class TransactionPropertyTest {
    private static final String VALID = "{\"transactionId\":\"tx-1\",\"amount\":1250.5,\"ssn\":\"123-45-6789\","
            + "\"hour\":3,\"note\":\"a \\\"quoted\\\" note\"}";

    @Provide
    Arbitrary<String> bodies() {
        Arbitrary<String> noise = Arbitraries.strings().withChars("{}[]\":,0123456789.eE-+ tnrufalsx\\\uFEFF\u0000é")
                .ofMaxLength(120);
        Arbitrary<String> truncated = Arbitraries.integers().between(0, VALID.length()).map(n -> VALID.substring(0, n));
        Arbitrary<String> mutated = Arbitraries.integers().between(0, VALID.length() - 1)
                .flatMap(i -> Arbitraries.chars().with("{}[]\":,\\0x\u0000\uFFFF").map(c ->
                        VALID.substring(0, i) + c + VALID.substring(i + 1)));
        Arbitrary<String> ids = Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(200).map(s -> "\"" + s
                .replace("\\", "\\\\").replace("\"", "\\\"") + "\""), Arbitraries.of("null", "true", "[]", "{}",
                "12", "-0", "1e400", "12345678901234567890123456789012345678901234567890123456789012345678901"))
                .map(id -> "{\"transactionId\":" + id + ",\"amount\":1}");
        return Arbitraries.oneOf(noise, truncated, mutated, ids);
    }

    @Property(tries = 600)
    void anyBodyIsATransactionOrAClearError(@ForAll("bodies") String body) {
        try {
            Transaction t = Transaction.parse(body, "message m-1");
            assertFalse(t.transactionId().isBlank());
            assertTrue(t.transactionId().length() <= 128);
        } catch (InvalidRecordException e) {
            assertTrue(e.getMessage().startsWith("message m-1"), e.getMessage());
            assertFalse(e.getMessage().contains("123-45-6789"), "the error never echoes personal data");
            assertFalse(e.retryable(), "a malformed message is poison, not retried");
        }
    }

    @Property(tries = 20)
    void deepNestingIsRefusedNotAStackOverflow(@ForAll @IntRange(min = 33, max = 20_000) int depth,
            @ForAll boolean arrays) {
        String open = arrays ? "[" : "{\"a\":";
        String close = arrays ? "]" : "}";
        String body = "{\"transactionId\":\"t\",\"x\":" + open.repeat(depth) + "1" + close.repeat(depth) + "}";
        if (body.length() > Transaction.MAX_BODY_CHARS) {
            body = body.substring(0, Transaction.MAX_BODY_CHARS);
        }
        String b = body;
        InvalidRecordException e = assertThrows(InvalidRecordException.class, () -> Transaction.parse(b, "message d"));
        assertTrue(e.getMessage().contains("nesting depth") || e.getMessage().contains("not JSON"), e.getMessage());
    }

    @Example
    void aBodyOverTheMessageSizeLimitIsRefusedBeforeParsing() {
        String body = "{\"transactionId\":\"t\",\"pad\":\"" + "x".repeat(Transaction.MAX_BODY_CHARS) + "\"}";
        InvalidRecordException e = assertThrows(InvalidRecordException.class, () -> Transaction.parse(body, "message b"));
        assertEquals("message b: the body is " + body.length() + " characters; the limit is "
                + Transaction.MAX_BODY_CHARS, e.getMessage());
        // one under the limit still parses
        String fits = "{\"transactionId\":\"t\",\"pad\":\"" + "x".repeat(Transaction.MAX_BODY_CHARS - 40) + "\"}";
        assertEquals("t", Transaction.parse(fits, "message f").transactionId());
    }
}
