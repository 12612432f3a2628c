package com.anycompany.scoring.batch;

import com.anycompany.scoring.records.Json;
import com.anycompany.scoring.advisor.SyntheticForest;
import com.anycompany.scoring.engine.JavaCompiledModel;
import com.anycompany.scoring.engine.JavaEngine;
import com.anycompany.scoring.model.ArtifactInfo;
import com.anycompany.scoring.model.CardDeriver;
import com.anycompany.scoring.model.LoadedModel;
import com.anycompany.scoring.model.ModelArtifact;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Property tests of batch scoring over hostile files: whatever the rows (ragged, broken quotes, not JSON, huge,
 * nested, BOM, CRLF), the file is scored to the end, every row gets exactly one output line, and rows = scored +
 * quarantined with one quarantine line (row, line, reason) per rejected row: a bad row fails alone.
 */
class FileScorerPropertyTest {
    private static final ObjectMapper JSON = Json.MAPPER;
    private static final LoadedModel MODEL = model();

    static LoadedModel model() {
        byte[] bytes = SyntheticForest.json(4, 3, 3, 7);
        JavaCompiledModel compiled = new JavaEngine().compile(new ModelArtifact("m.json", bytes));
        return LoadedModel.bind(CardDeriver.derive("m", "1", compiled,
                new ArtifactInfo("model.json", "json", "0".repeat(64), bytes.length)), compiled, "m.json");
    }

    @Provide
    Arbitrary<List<String>> csvRow() {
        return Arbitraries.oneOf(
                Arbitraries.doubles().between(-1e6, 1e6).list().ofSize(3)
                        .map(l -> l.get(0) + "," + l.get(1) + "," + l.get(2)),
                Arbitraries.strings().withChars("0123456789.,\"x -é\r").ofMaxLength(40),
                Arbitraries.of("1,2", "1,2,3,4", "\"1\",\"2\",\"3\"", "\"1\"x,2,3", "\"unclosed,2,3", "NaN,,",
                        "1,\"2\n2\",3", "", "  ", "\uFEFF1,2,3")).list().ofMaxSize(30);
    }

    @Property(tries = 150)
    void everyCsvRowIsScoredOrQuarantinedAlone(@ForAll("csvRow") List<String> rows, @ForAll boolean crlf)
            throws IOException {
        String eol = crlf ? "\r\n" : "\n";
        String text = "f0,f1,f2" + eol + String.join(eol, rows) + eol;
        check(new StringReader(text), RecordFormat.CSV);
    }

    @Provide
    Arbitrary<List<String>> jsonLine() {
        return Arbitraries.oneOf(
                Arbitraries.doubles().between(-1e6, 1e6).list().ofSize(3)
                        .map(l -> "{\"f0\":" + l.get(0) + ",\"f1\":" + l.get(1) + ",\"f2\":" + l.get(2) + "}"),
                Arbitraries.strings().withChars("{}[]\":,0123456789.f- \\\uFEFF").ofMaxLength(40),
                Arbitraries.of("[]", "1", "null", "{\"f0\":\"x\"}", "{\"f0\":{\"f1\":[1,2]}}",
                        "[".repeat(5000), "{\"f0\":1e999}", "{\"f0\":1,\"f0\":2}")).list().ofMaxSize(30);
    }

    @Property(tries = 150)
    void everyJsonLineIsScoredOrQuarantinedAlone(@ForAll("jsonLine") List<String> lines, @ForAll boolean crlf)
            throws IOException {
        check(new StringReader(String.join(crlf ? "\r\n" : "\n", lines)), RecordFormat.JSON_LINES);
    }

    @Example
    void aJsonLineOverTheRowLimitIsQuarantinedWithoutBufferingIt() throws IOException {
        long giant = 64L * 1024 * 1024; // a 64 Mi-character line, generated on the fly, then a good row
        String tail = "\n{\"f0\":1,\"f1\":2,\"f2\":3}\n";
        Reader in = new Reader() {
            long served;

            @Override
            public int read(char[] buf, int off, int len) {
                long total = giant + tail.length();
                if (served >= total) {
                    return -1;
                }
                int n = (int) Math.min(len, total - served);
                for (int i = 0; i < n; i++) {
                    long at = served + i;
                    buf[off + i] = at < giant ? (at == 0 ? '[' : '1') : tail.charAt((int) (at - giant));
                }
                served += n;
                return n;
            }

            @Override
            public void close() {
            }
        };
        Counts c = check(in, RecordFormat.JSON_LINES);
        assertEquals(2, c.rows);
        assertEquals(1, c.quarantined);
        assertTrue(c.reasons.get(0).contains(giant + " characters, longer than the " + FileScorer.MAX_LINE_CHARS
                + "-character limit"), c.reasons.get(0));
    }

    @Example
    void aCsvRowOverTheColumnLimitIsQuarantinedAndTheNextRowScored() throws IOException {
        String text = "f0,f1,f2\n" + "1,".repeat(5000) + "1\n1,2,3\n";
        Counts c = check(new StringReader(text), RecordFormat.CSV);
        assertEquals(2, c.rows);
        assertEquals(1, c.scored);
        assertTrue(c.reasons.get(0).contains("more than 4096 columns"), c.reasons.get(0));
    }

    record Counts(long rows, long scored, long quarantined, List<String> reasons) {
    }

    private static Counts check(Reader input, RecordFormat format) throws IOException {
        StringWriter out = new StringWriter();
        StringWriter quarantine = new StringWriter();
        FileScorer.Result r = new FileScorer(MODEL).score(input, format, out, quarantine);
        assertEquals(r.rows(), r.scored() + r.quarantined(), "rows = scored + quarantined");
        String[] outLines = out.toString().split("\n", -1);
        assertEquals(r.rows() + 2, outLines.length, "a header, one line per row, and the final newline");
        assertEquals("", outLines[outLines.length - 1]);
        List<String> q = quarantine.toString().isEmpty() ? List.of()
                : List.of(quarantine.toString().split("\n"));
        assertEquals(r.quarantined(), q.size(), "one quarantine line per rejected row");
        List<String> reasons = new java.util.ArrayList<>();
        long lastRow = 0;
        for (String line : q) {
            JsonNode n = JSON.readTree(line);
            assertTrue(n.path("row").asLong() > lastRow && n.path("row").asLong() <= r.rows(), line);
            lastRow = n.path("row").asLong();
            assertTrue(n.path("line").asLong() >= 1, line);
            String reason = n.path("reason").asText();
            assertFalse(reason.isBlank(), line);
            assertTrue(reason.length() < 2_000, "the reason is short: " + reason.length());
            reasons.add(reason);
        }
        long blankOutputs = java.util.Arrays.stream(outLines, 1, outLines.length - 1).filter(l -> l.isEmpty()).count();
        assertEquals(r.quarantined(), blankOutputs, "a rejected row gets empty output cells, a scored row a number");
        return new Counts(r.rows(), r.scored(), r.quarantined(), reasons);
    }
}
