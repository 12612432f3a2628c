package com.anycompany.scoring.cli;

import com.anycompany.scoring.batch.BatchJson;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The demo's per-batch figures from EMF lines, against percentiles worked by hand (nearest rank). */
class FraudStageTimesTest {
    private static String emf(String function, String scoring, String reasons, int tx) {
        return "{\"_aws\":{\"Timestamp\":1,\"CloudWatchMetrics\":[]},\"BatchScoringTime\":" + scoring
                + ",\"BatchReasonsTime\":" + reasons + ",\"TransactionsScored\":" + tx + ",\"function\":\"" + function
                + "\"}";
    }

    @Test
    void cpuFiguresWhenEveryBatchReportsThem(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("functions.log");
        String cpu = "{\"_aws\":{\"Timestamp\":1,\"CloudWatchMetrics\":[]},\"BatchScoringTime\":%s,"
                + "\"BatchReasonsTime\":%s,\"BatchScoringCpuTime\":%s,\"BatchReasonsCpuTime\":%s,"
                + "\"TransactionsScored\":%d,\"function\":\"F\"}\n";
        Files.writeString(log, String.format(cpu, "0.2", "2.0", "0.1", "0.7", 10)
                + String.format(cpu, "0.3", "3.0", "0.1", "0.4", 5)
                + String.format(cpu, "0.1", "1.0", "0.1", "0.9", 10), StandardCharsets.UTF_8);
        FraudStageTimes t = FraudStageTimes.read(log, 0, "F");
        ObjectNode o = BatchJson.MAPPER.createObjectNode();
        t.into(o);
        ObjectNode b = (ObjectNode) o.get("per_batch");
        // CPU per 10: 0.8, (0.1 + 0.4) * 10 / 5 = 1.0, 1.0 -> sorted [0.8, 1.0, 1.0]; wall per 10: 2.2, 6.6, 1.1
        assertEquals(1.0, b.get("scoring_and_reasons_cpu_ms_per_10_p50").asDouble(), 1e-9);
        assertEquals(0.7, b.get("reasons_cpu_ms_p50").asDouble(), 1e-9);
        assertEquals(2.2, b.get("scoring_and_reasons_ms_per_10_p50").asDouble(), 1e-9);
        assertTrue(b.get("target_met_p50_cpu").asBoolean());
        assertFalse(b.get("target_met_p50").asBoolean());
    }

    @Test
    void percentilesOverTheFraudFunctionsBatchesFromTheOffsetOn(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("functions.log");
        String before = emf("FraudScoringFunction", "9.0", "90.0", 10) + "\n"; // before the offset: not counted
        String lines = before
                + "{\"level\":\"INFO\",\"message\":\"not a metric\"}\n"
                + emf("FraudScoringFunction", "0.1", "10.0", 10) + "\n"
                + emf("OtherFunction", "5.0", "50.0", 10) + "\n"
                + emf("FraudScoringFunction", "0.2", "4.8", 5) + "\n"
                + emf("FraudScoringFunction", "[0.3]", "[20.0]", 10) + "\n"
                + emf("FraudScoringFunction", "0.0", "0.0", 0) + "\n"; // nothing decided: not a batch
        Files.writeString(log, lines, StandardCharsets.UTF_8);
        FraudStageTimes t = FraudStageTimes.read(log, before.getBytes(StandardCharsets.UTF_8).length,
                "FraudScoringFunction");
        assertEquals(3, t.batches());
        ObjectNode o = BatchJson.MAPPER.createObjectNode();
        t.into(o);
        ObjectNode b = (ObjectNode) o.get("per_batch");
        // scoring [0.1, 0.2, 0.3]: rank ceil(0.5*3)=2 -> 0.2; ceil(0.99*3)=3 -> 0.3
        assertEquals(0.2, b.get("scoring_ms_p50").asDouble(), 1e-9);
        assertEquals(0.3, b.get("scoring_ms_p99").asDouble(), 1e-9);
        // reasons [4.8, 10, 20]
        assertEquals(10.0, b.get("reasons_ms_p50").asDouble(), 1e-9);
        assertEquals(20.0, b.get("reasons_ms_p99").asDouble(), 1e-9);
        // per 10 transactions: 10.1, (0.2 + 4.8) * 10 / 5 = 10.0, 20.3 -> sorted [10.0, 10.1, 20.3]
        assertEquals(10.1, b.get("scoring_and_reasons_ms_per_10_p50").asDouble(), 1e-9);
        assertEquals(20.3, b.get("scoring_and_reasons_ms_per_10_p99").asDouble(), 1e-9);
        assertEquals(8.333, b.get("transactions_per_batch_mean").asDouble(), 1e-9);
        assertFalse(b.get("target_met_p50").asBoolean());
        assertFalse(b.has("scoring_and_reasons_cpu_ms_per_10_p50"), "no CPU figures when the batches carry none");
    }
}
