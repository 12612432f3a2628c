package com.anycompany.scoring.batch;

import com.anycompany.scoring.model.ModelRef;
import com.anycompany.scoring.ocr.jobs.DocumentKeys;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Property tests of S3 object keys as events deliver them (URL-encoded, unicode, '..', very long) through
 * {@link S3EventKeys}, the batch trigger, {@link ModelRef} and the OCR document keys: a key decodes to exactly what was
 * uploaded or is refused with a short message; the trigger starts an execution only for a plain key under
 * batch/input/&lt;model&gt;/ and otherwise rejects it with a reason, never throwing; model references never make a key
 * that escapes models/; derived keys stay within S3's 1024 bytes.
 */
class S3KeyPropertyTest {

    @Provide
    Arbitrary<String> keys() {
        Arbitrary<String> segment = Arbitraries.oneOf(
                Arbitraries.strings().withChars("abcXYZ019._-").ofMinLength(1).ofMaxLength(12),
                Arbitraries.of("..", ".", "", "a b", "a+b", "100%", "%2F", "é€", "😀", "\u0000", "\n", "ﬁ", "\u202E"),
                Arbitraries.strings().withCharRange('\u0020', '\u2FFF').ofMaxLength(8),
                Arbitraries.strings().withChars("x").ofMinLength(300).ofMaxLength(1200));
        return segment.list().ofMinSize(1).ofMaxSize(6).map(parts -> {
            List<String> all = new ArrayList<>(List.of("batch", "input"));
            all.addAll(parts);
            return String.join("/", all);
        });
    }

    /** How S3 puts a key in an event: form encoding (space as '+', everything else outside [A-Za-z0-9.-*_] as %XX). */
    static String encode(String key) {
        return URLEncoder.encode(key, StandardCharsets.UTF_8);
    }

    @Property(tries = 400)
    void anEncodedKeyDecodesToTheUploadedKeyOrIsRefusedForLength(@ForAll("keys") String key) {
        int bytes = key.getBytes(StandardCharsets.UTF_8).length;
        if (bytes <= S3EventKeys.MAX_KEY_BYTES) {
            assertEquals(key, S3EventKeys.decode(encode(key)));
        } else {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> S3EventKeys.decode(encode(key)));
            assertTrue(e.getMessage().contains("S3 keys are at most 1024 bytes"), e.getMessage());
            assertTrue(e.getMessage().length() < 400, "short message");
        }
    }

    @Property(tries = 400)
    void anyStringEitherDecodesOrIsAShortClearError(@ForAll("raw") String encoded) {
        try {
            String key = S3EventKeys.decode(encoded);
            assertTrue(key.getBytes(StandardCharsets.UTF_8).length <= S3EventKeys.MAX_KEY_BYTES);
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage().startsWith("key '") || e.getMessage().startsWith("the event"), e.getMessage());
            assertTrue(e.getMessage().length() < 400, "short message: " + e.getMessage().length());
        }
    }

    @Provide
    Arbitrary<String> raw() {
        return Arbitraries.oneOf(Arbitraries.strings().withChars("%+aF9/\uD83D\uDE00\uD800é").ofMaxLength(40),
                Arbitraries.strings().ofMaxLength(60),
                Arbitraries.strings().withChars("%C3").ofMinLength(3000).ofMaxLength(4000));
    }

    @Property(tries = 400)
    void theTriggerStartsOnlyPlainInputKeysAndRejectsTheRestWithAReason(@ForAll("keys") String key) {
        List<String> started = new ArrayList<>();
        BatchTrigger trigger = new BatchTrigger((name, input) -> {
            started.add(name);
            return new ExecutionStarter.Started(name, "arn:aws:states:us-east-1:1:execution:sm:" + name, false);
        }, "1", 1000);
        String encoded = encode(key + ".csv");
        BatchTrigger.Outcome o = trigger.handle(new BatchTrigger.ObjectCreated("data", encoded, 10, "\"e\"", null,
                "ObjectCreated:Put"));
        String full = key + ".csv";
        String[] seg = full.split("/", -1);
        boolean plain = full.getBytes(StandardCharsets.UTF_8).length <= 1024 && seg.length >= 4
                && java.util.Arrays.stream(seg).noneMatch(s -> s.isEmpty() || s.equals(".") || s.equals(".."))
                && full.chars().noneMatch(Character::isISOControl) && validModel(seg[2]);
        if (plain) {
            assertEquals("started", o.status(), o.reason());
            assertEquals(1, started.size());
            assertTrue(o.executionName().matches("[A-Za-z0-9_-]{1,80}"), o.executionName());
        } else {
            assertTrue(o.rejected(), "expected a rejection for " + S3EventKeys.abbreviate(full));
            assertTrue(started.isEmpty(), "nothing started");
            assertFalse(o.reason().isBlank());
            assertTrue(o.reason().length() < 600, "short reason");
            assertTrue(o.key() == null || o.key().length() <= 120, "the outcome quotes at most 120 characters");
        }
    }

    private static boolean validModel(String name) {
        try {
            ModelRef.of(name, "1");
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @Property(tries = 400)
    void aModelRefNeverBuildsAKeyOutsideModels(@ForAll("raw") String name, @ForAll("raw") String client) {
        try {
            ModelRef ref = new ModelRef(name, "1", client.isEmpty() ? null : client);
            String prefix = ref.prefix();
            assertTrue(prefix.startsWith("models/") && prefix.endsWith("/"));
            for (String s : prefix.substring(0, prefix.length() - 1).split("/", -1)) {
                assertFalse(s.isEmpty() || s.equals(".") || s.equals(".."), prefix);
                assertTrue(s.matches("[A-Za-z0-9._-]{1,64}"), prefix);
            }
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage().length() < 300, "short message");
            assertTrue(e.getMessage().contains("is not allowed") || e.getMessage().contains("is empty"), e.getMessage());
        }
    }

    @Property(tries = 300)
    void documentKeysDerivedFromAnyUploadStayValid(@ForAll("keys") String key) {
        String incoming = DocumentKeys.INCOMING + key.substring("batch/input/".length());
        String rejected = DocumentKeys.rejectedKey(incoming);
        assertTrue(rejected.startsWith(DocumentKeys.REJECTED) && rejected.endsWith(".json"));
        assertFalse(rejected.substring(DocumentKeys.REJECTED.length()).contains("/"), "one flat name: " + rejected);
        assertTrue(rejected.getBytes(StandardCharsets.UTF_8).length <= 1024, "a valid S3 key");
        assertTrue(DocumentKeys.isDocId(DocumentKeys.docId("docs", incoming, "\"etag\"")));
    }

    @Example
    void hostileKeysGetTheRightReasons() {
        BatchTrigger trigger = new BatchTrigger((n, i) -> new ExecutionStarter.Started(n, "arn", false), "1", 10);
        assertEquals("the key has a '..' path segment (empty, '.' or '..'); name the file plainly under"
                + " batch/input/attrition/", reason(trigger, "batch/input/attrition/..%2F..%2Fsecrets.csv"));
        assertTrue(reason(trigger, "batch/input/attrition/a%zz.csv").startsWith("the object key is not URL-encoded"
                + " correctly: key 'batch/input/attrition/a%zz.csv' has '%zz' at position 23"));
        assertTrue(reason(trigger, "batch/input/attrition/" + "x".repeat(1100) + ".csv")
                .contains("S3 keys are at most 1024 bytes"));
        assertTrue(reason(trigger, "batch/input/attrition/a%0Ab.csv").startsWith("the key contains a control"
                + " character (code 10)"));
        assertTrue(reason(trigger, "batch/input/%E2%80%AEvil/a.csv").contains("is not allowed"));
        assertEquals("started", trigger.handle(new BatchTrigger.ObjectCreated("data",
                "batch/input/attrition/r%C3%A9sum%C3%A9+2026.csv", 5, "\"e\"", null, "ObjectCreated:Put")).status());
    }

    private static String reason(BatchTrigger trigger, String encoded) {
        BatchTrigger.Outcome o = trigger.handle(new BatchTrigger.ObjectCreated("data", encoded, 5, "\"e\"", null,
                "ObjectCreated:Put"));
        assertTrue(o.rejected(), encoded + " -> " + o);
        return o.reason();
    }
}
