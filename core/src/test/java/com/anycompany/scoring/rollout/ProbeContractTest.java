package com.anycompany.scoring.rollout;

import com.anycompany.scoring.records.Json;
import com.anycompany.scoring.records.SourceTree;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProbeContractTest {
    @Test
    void anAnswerReadsBackAsTheObservationsItWasWrittenFrom() throws Exception {
        List<GoldenGate.Observation> sent = List.of(GoldenGate.Observation.ok(0, new float[]{0.1f, 0.25f}, 1.5),
                GoldenGate.Observation.failed(1, "probe row 1: 'amount' is not a number", 0.25));
        String json = Json.MAPPER.writeValueAsString(java.util.Map.of(ProbeContract.ANSWER_FIELD,
                ProbeContract.answer("fraud", "7", sent)));
        // the wire shape documented in docs/rollouts.md, written out by hand
        JsonNode expected = Json.MAPPER.readTree("{\"probe\": {\"model\": \"fraud\", \"version\": \"7\", \"results\": ["
                + "{\"row\": 0, \"outputs\": [0.1, 0.25], \"millis\": 1.5},"
                + "{\"row\": 1, \"error\": \"probe row 1: 'amount' is not a number\", \"millis\": 0.25}]}}");
        assertEquals(expected, Json.MAPPER.readTree(json));

        List<GoldenGate.Observation> read = ProbeContract.observations(Json.MAPPER.readTree(json).get("probe"), "7");
        assertEquals(2, read.size());
        assertArrayEquals(new float[]{0.1f, 0.25f}, read.get(0).outputs());
        assertNull(read.get(0).error());
        assertEquals(1, read.get(1).row());
        assertEquals("probe row 1: 'amount' is not a number", read.get(1).error());
    }

    @Test
    void anAnswerForAnotherVersionIsRefusedNamingBoth() throws Exception {
        JsonNode probe = Json.MAPPER.readTree("{\"model\": \"fraud\", \"version\": \"6\", \"results\": []}");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ProbeContract.observations(probe, "7"));
        assertEquals("the function scored with version 6, not 7", e.getMessage());
    }

    @Test
    void theMarkerAndTheVersionHeaderAreDeclaredOnce() throws IOException {
        List<String> declaring = new ArrayList<>();
        for (Path f : SourceTree.javaFiles("main")) {
            for (String line : Files.readAllLines(f)) {
                String code = line.strip();
                if (!code.startsWith("*") && !code.startsWith("//")
                        && (code.contains("\"scoring:golden-probe\"") || code.contains("\"x-scoring-probe-version\""))) {
                    declaring.add(f.getFileName() + ": " + code);
                }
            }
        }
        assertEquals(2, declaring.size(), "declared outside ProbeContract: " + declaring);
        assertTrue(declaring.stream().allMatch(d -> d.startsWith("ProbeContract.java")), declaring.toString());
    }
}
