package com.anycompany.scoring.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScoringCliTest {
    @Test
    void badArgumentsPrintOneLineAndAHint() {
        CommandLine cmd = ScoringCli.commandLine();
        StringWriter err = new StringWriter();
        cmd.setErr(new PrintWriter(err));
        int code = cmd.execute("invoke", "Fn", "--no-such-option");
        assertNotEquals(0, code);
        assertTrue(err.toString().contains("Unknown option"), err.toString());
        assertTrue(err.toString().contains("try: ./scoring invoke --help"), err.toString());
        assertEquals(2, err.toString().strip().lines().count(), err.toString());
    }

    @Test
    void everyCommandHasHelp() {
        for (String sub : new String[]{"invoke", "reset", "score", "models", "demo", "batch", "ocr", "rollout",
                "bench", "advise", "serve", "serve-model", "build-image"}) {
            CommandLine cmd = ScoringCli.commandLine();
            StringWriter out = new StringWriter();
            cmd.setOut(new PrintWriter(out));
            assertEquals(0, cmd.execute(sub, "--help"), sub);
            assertTrue(out.toString().contains("Usage"), sub + ": " + out);
        }
    }
}
