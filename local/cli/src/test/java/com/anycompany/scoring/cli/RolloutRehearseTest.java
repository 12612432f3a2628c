package com.anycompany.scoring.cli;

import com.anycompany.scoring.runtime.HandlerStdout;
import com.anycompany.scoring.runtime.LocalRuntime;
import com.anycompany.scoring.local.demo.FraudModelBuilder;
import com.anycompany.scoring.local.demo.SyntheticPayroll;
import com.anycompany.scoring.model.S3ModelStore;
import com.anycompany.scoring.rollout.GoldenStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The rehearsal replays recorded traffic through the champion and a candidate trained on shuffled labels (holdout
 * AUC near 0.5): it must report where the linear 25% schedule would roll back; the champion against itself completes.
 */
class RolloutRehearseTest {
    private static final Path TEMPLATE = Path.of("../../template.yaml");

    @Test
    void aMeasurablyWorseCandidateRollsBackAndAnIdenticalOneCompletes(@TempDir Path dir) throws Exception {
        HandlerStdout.install();
        Path home = dir.resolve(".scoring");
        FraudModelBuilder.Trained good = FraudModelBuilder.train("1", 3000, 41);
        FraudModelBuilder.Trained worse = FraudModelBuilder.train("2", 3000, 41, true);
        double goodAuc = ((Number) good.card().training().get("holdoutAuc")).doubleValue();
        double worseAuc = ((Number) worse.card().training().get("holdoutAuc")).doubleValue();
        assertTrue(goodAuc > worseAuc + 0.15, "shuffled labels make a worse model: " + goodAuc + " vs " + worseAuc);
        try (LocalRuntime rt = LocalRuntime.open(home, TEMPLATE, Map.of())) {
            String bucket = rt.bucketName("ModelBucket");
            for (FraudModelBuilder.Trained t : List.of(good, worse)) {
                new GoldenStore(rt.aws().s3Client(), bucket).put(t.card().ref(), FraudModelBuilder.golden(t, 30, 1));
                new S3ModelStore(rt.aws().s3Client(), bucket).publish(t.card(), t.artifact(), t.fileName());
            }
        }
        Path traffic = dir.resolve("traffic.jsonl");
        StringBuilder lines = new StringBuilder();
        for (SyntheticPayroll.Tx tx : new SyntheticPayroll(8).transactions(4000, "rec-")) {
            lines.append(tx.json()).append('\n');
        }
        lines.append("{\"transactionId\": \"truncated\n");
        Files.writeString(traffic, lines);

        String[] common = {"--model", "fraud", "--champion", "1", "--traffic", traffic.toString(),
                "--home", home.toString(), "--template", TEMPLATE.toString()};
        StringWriter out = new StringWriter();
        int code = run(out, "2", common);
        String report = out.toString();
        assertEquals(3, code, report);
        assertTrue(report.contains("FraudLinearDeploymentConfig: linear 25% every 60 min"), report);
        assertTrue(report.contains("4,000 requests from"), report);
        assertTrue(report.contains("verdict:   ROLL BACK at step"), report);
        assertTrue(report.lines().anyMatch(l -> l.matches("^1 +25% .*")), report);

        StringWriter same = new StringWriter();
        assertEquals(0, run(same, "1", common), same.toString());
        assertTrue(same.toString().contains("verdict:   completes"), same.toString());
        assertTrue(same.toString().lines().filter(l -> l.matches("^[1-4] .*")).count() == 4, same.toString());

        // the same model, but a version whose decision sends all fail: rolls back at the first step on its failures
        String[] broken = java.util.Arrays.copyOf(common, common.length + 2);
        broken[common.length] = "--candidate-decisions-queue";
        broken[common.length + 1] = "http://127.0.0.1:1/000000000000/no-such-queue";
        StringWriter sendsFail = new StringWriter();
        assertEquals(3, run(sendsFail, "1", broken), sendsFail.toString());
        assertTrue(sendsFail.toString().contains("verdict:   ROLL BACK at step 1 (25%): FraudFailureRatioAlarm"),
                sendsFail.toString());
    }

    private static int run(StringWriter out, String candidate, String... common) {
        CommandLine cmd = ScoringCli.commandLine();
        cmd.setOut(new PrintWriter(out));
        StringWriter err = new StringWriter();
        cmd.setErr(new PrintWriter(err));
        String[] args = new String[common.length + 4];
        args[0] = "rollout";
        args[1] = "rehearse";
        args[2] = "--candidate";
        args[3] = candidate;
        System.arraycopy(common, 0, args, 4, common.length);
        int code = cmd.execute(args);
        out.write(err.toString());
        return code;
    }
}
