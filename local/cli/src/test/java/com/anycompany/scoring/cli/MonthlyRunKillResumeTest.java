package com.anycompany.scoring.cli;

import com.anycompany.scoring.records.Json;
import com.anycompany.scoring.batch.BatchJson;
import com.anycompany.scoring.batch.ShardResult;
import com.anycompany.scoring.local.demo.MonthlyAttritionData;
import com.anycompany.scoring.runtime.LocalRuntime;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fault: the local runtime is killed with SIGKILL in the middle of a monthly attrition run (a real separate JVM running
 * {@code ./scoring batch monthly}), then {@code ./scoring batch monthly --resume} in a new JVM completes it. The
 * shards finished before the kill are reused (their results and files verified by ETag), the rest scored; the run
 * reconciles, and the part files hold every good row exactly once.
 */
class MonthlyRunKillResumeTest {
    private static final ObjectMapper JSON = Json.MAPPER;
    private static final String MONTH = "2026-02";
    private static final Path TEMPLATE = Path.of("../../template.yaml");

    @TempDir
    Path home;

    @Test
    void aMonthlyRunKilledWithSigkillResumesAndReconcilesWithoutDuplicates() throws Exception {
        int clients = 24;
        int employees = 1_200;
        long t0 = System.nanoTime();
        String bucket;
        try (LocalRuntime rt = LocalRuntime.open(home, TEMPLATE, Map.of())) {
            MonthlyAttritionData.prepare(rt, MONTH, 20260201L, clients, employees, 0.002, m -> { });
            bucket = rt.bucketName("DataBucket");
        }
        long t1 = System.nanoTime();
        Path out = home.resolve("s3").resolve(bucket).resolve("batch/output/attrition/" + MONTH);
        Path results = out.resolve("_results");

        // 1. the run, in its own JVM, killed with SIGKILL once a quarter of the shards are done
        Process run = cli(home.resolve("run-1"), "batch", "monthly", "--month", MONTH, "--concurrency", "1",
                "--rows-per-shard", "20", "--json");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (resultFiles(results).size() < clients / 4) {
            assertTrue(run.isAlive(), "the run ended before it could be killed: " + log(home.resolve("run-1")));
            assertTrue(System.nanoTime() < deadline, "no progress within 90 s: " + log(home.resolve("run-1")));
            Thread.sleep(10);
        }
        run.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no finally block runs
        assertTrue(run.waitFor(30, TimeUnit.SECONDS));
        assertEquals(137, run.exitValue(), "killed by signal 9");
        assertFalse(Files.exists(out.resolve("_SUCCESS")), "the killed run did not finish");
        List<Path> finishedBeforeKill = resultFiles(results);
        int completeBeforeKill = 0;
        for (Path p : finishedBeforeKill) {
            try {
                BatchJson.read(Files.readAllBytes(p), ShardResult.class, p.toString());
                completeBeforeKill++;
            } catch (RuntimeException e) {
                // a result caught half-written by the kill is not reusable; the resumed run scores that shard again
            }
        }
        assertTrue(completeBeforeKill >= clients / 4 - 1, completeBeforeKill + " shards done before the kill");

        long t2 = System.nanoTime();
        // 2. resume in a new JVM
        Process resume = cli(home.resolve("run-2"), "batch", "monthly", "--month", MONTH, "--resume",
                "--rows-per-shard", "20", "--json");
        assertTrue(resume.waitFor(120, TimeUnit.SECONDS), "the resumed run did not finish");
        assertEquals(0, resume.exitValue(), log(home.resolve("run-2")));
        long t3 = System.nanoTime();
        JsonNode r = JSON.readTree(Files.readString(home.resolve("run-2").resolve("stdout")));

        // 3. reconcile: every planned row once, scored or quarantined; completed shards reused, not redone
        assertTrue(r.get("ok").asBoolean(), r.toString());
        int shards = r.get("shards").asInt();
        assertTrue(shards >= clients / 2, "about one shard or more per client file (20 rows per shard): " + shards);
        assertTrue(completeBeforeKill < shards, completeBeforeKill + " of " + shards + " shards done before the kill");
        assertEquals(completeBeforeKill, r.get("shards_reused").asInt(), r.toString());
        JsonNode success = JSON.readTree(Files.readAllBytes(out.resolve("_SUCCESS")));
        long rows = success.get("rows").asLong();
        long scored = success.get("scored").asLong();
        long quarantined = success.get("quarantined").asLong();
        assertEquals(rows, scored + quarantined);
        long inputRows = 0;
        try (Stream<Path> in = Files.list(home.resolve("s3").resolve(bucket).resolve("batch/input/attrition/" + MONTH))) {
            for (Path p : in.toList()) {
                inputRows += Files.readAllLines(p).stream().skip(1).filter(l -> !l.isBlank()).count();
            }
        }
        assertEquals(inputRows, rows, "every input row planned");

        Set<String> employeeIds = new HashSet<>();
        long partRows = 0;
        long quarantineLines = 0;
        List<Path> parts = new ArrayList<>();
        try (Stream<Path> files = Files.list(out)) {
            for (Path p : files.sorted().toList()) {
                String name = p.getFileName().toString();
                if (name.startsWith("part-")) {
                    parts.add(p);
                    List<String> lines = Files.readAllLines(p, StandardCharsets.UTF_8);
                    int idColumn = List.of(lines.get(0).split(",")).indexOf("employee_id");
                    for (String line : lines.subList(1, lines.size())) {
                        partRows++;
                        assertTrue(employeeIds.add(line.split(",")[idColumn]), "duplicate row " + line);
                    }
                } else if (name.startsWith("quarantine-")) {
                    quarantineLines += Files.readAllLines(p).stream().filter(l -> !l.isBlank()).count();
                }
            }
        }
        assertEquals(shards, parts.size(), "one part per shard, none left over");
        assertEquals(scored, partRows, "every scored row is in exactly one part");
        assertEquals(quarantined, quarantineLines);
        System.out.printf("kill/resume: %d rows (%d scored + %d quarantined), %d shards, %d done before SIGKILL and "
                        + "reused, %d scored after resume, 0 lost, 0 duplicated%n", rows, scored, quarantined, shards,
                completeBeforeKill, shards - completeBeforeKill);
        System.out.printf("kill/resume timings: prepare %.1f s, run until SIGKILL %.1f s, resume %.1f s%n",
                (t1 - t0) / 1e9, (t2 - t1) / 1e9, (t3 - t2) / 1e9);
    }

    private static List<Path> resultFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().matches("shard-\\d{5}\\.json")).toList();
        }
    }

    /** {@code ./scoring ARGS} in a new JVM with this test's classpath; stdout and stderr to files in {@code dir}. */
    private Process cli(Path dir, String... args) throws IOException {
        Files.createDirectories(dir);
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx512m");
        cmd.add("-cp");
        cmd.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
        cmd.add(ScoringCli.class.getName());
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("--home", home.toString(), "--template", TEMPLATE.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .redirectOutput(dir.resolve("stdout").toFile())
                .redirectError(dir.resolve("stderr").toFile());
        pb.environment().remove("SCORING_HOME");
        return pb.start();
    }

    private static String log(Path dir) {
        try {
            return Files.readString(dir.resolve("stderr"));
        } catch (IOException e) {
            return e.toString();
        }
    }
}
