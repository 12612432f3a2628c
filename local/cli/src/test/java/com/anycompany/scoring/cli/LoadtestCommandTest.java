package com.anycompany.scoring.cli;

import com.anycompany.scoring.records.Json;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A small load test in CI: every message ends as exactly one decision or one dead letter, poison included. */
class LoadtestCommandTest {
    @TempDir
    Path home;

    @Test
    void everyMessageIsOneDecisionOrOneDeadLetter() throws Exception {
        JsonNode r = loadtest(1500);
        assertEquals(false, r.get("sqs_restarted").asBoolean());
        assertEquals(0, r.get("redundant_copies").asLong(), r.toString());
        assertReconciled(r, 1500);
    }

    /** ElasticMQ stops for 3 s mid-drain: still every sent id is exactly one decision or one dead letter. */
    @Test
    void elasticMqRestartedMidRunLosesAndDoublesNothing() throws Exception {
        JsonNode r = loadtest(1500, "--restart-sqs");
        assertEquals(true, r.get("sqs_restarted").asBoolean());
        assertReconciled(r, 1500);
    }

    private JsonNode loadtest(int messages, String... more) throws Exception {
        CommandLine cmd = ScoringCli.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cmd.setOut(new PrintWriter(out));
        cmd.setErr(new PrintWriter(err));
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("loadtest", "--messages",
                Integer.toString(messages), "--malformed-percent", "2", "--poison-percent", "1", "--json", "--home",
                home.resolve("run-" + more.length).toString(), "--template",
                Path.of("../../template.yaml").toString()));
        args.addAll(java.util.List.of(more));
        int code = cmd.execute(args.toArray(String[]::new));
        assertEquals(0, code, out + "\n" + err);
        return Json.MAPPER.readTree(out.toString());
    }

    private static void assertReconciled(JsonNode r, int messages) {
        assertEquals(messages, r.get("sent").asLong());
        assertTrue(r.get("reconciled_by_id").asBoolean(), r.toString());
        assertEquals(0, r.get("unexpected").asLong(), r.toString());
        assertEquals(1500, r.get("sent").asLong());
        assertTrue(r.get("poison_sent").asLong() > 0 && r.get("malformed_sent").asLong() > 0, r.toString());
        assertEquals(r.get("sent").asLong(), r.get("decided").asLong() + r.get("dead_lettered").asLong());
        assertEquals(r.get("malformed_sent").asLong() + r.get("poison_sent").asLong(), r.get("dead_lettered").asLong());
        assertEquals(0, r.get("lost").asLong());
        assertEquals(0, r.get("duplicated").asLong());
        assertTrue(r.get("throughput_per_s").asDouble() > 0 && r.get("p99_ms").asDouble() > 0, r.toString());
    }
}
