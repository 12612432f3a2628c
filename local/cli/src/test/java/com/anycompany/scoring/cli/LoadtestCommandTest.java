package com.anycompany.scoring.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
        CommandLine cmd = ScoringCli.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cmd.setOut(new PrintWriter(out));
        cmd.setErr(new PrintWriter(err));
        int code = cmd.execute("loadtest", "--messages", "1500", "--malformed-percent", "2", "--poison-percent", "1",
                "--json", "--home", home.toString(), "--template", Path.of("../../template.yaml").toString());
        assertEquals(0, code, err.toString());
        JsonNode r = new ObjectMapper().readTree(out.toString());
        assertEquals(1500, r.get("sent").asLong());
        assertTrue(r.get("poison_sent").asLong() > 0 && r.get("malformed_sent").asLong() > 0, r.toString());
        assertEquals(r.get("sent").asLong(), r.get("decided").asLong() + r.get("dead_lettered").asLong());
        assertEquals(r.get("malformed_sent").asLong() + r.get("poison_sent").asLong(), r.get("dead_lettered").asLong());
        assertEquals(0, r.get("lost").asLong());
        assertEquals(0, r.get("duplicated").asLong());
        assertTrue(r.get("throughput_per_s").asDouble() > 0 && r.get("p99_ms").asDouble() > 0, r.toString());
    }
}
