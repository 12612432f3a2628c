package com.anycompany.scoring.cli.monitor;

import com.anycompany.scoring.records.Json;
import com.anycompany.scoring.cli.CliRun;
import com.anycompany.scoring.local.demo.FraudModelBuilder;
import com.anycompany.scoring.local.demo.SyntheticPayroll;
import com.anycompany.scoring.model.FeatureSpec;
import com.anycompany.scoring.model.ModelCard;
import com.anycompany.scoring.model.ModelCards;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A model trained "elsewhere" (card without baselines) published with {@code --baseline TRAINING.csv}, then
 * {@code monitor compare} on a file like training and on a drifted one, and {@code monitor report} on a directory.
 */
class MonitorCommandTest {
    private static final ObjectMapper JSON = Json.MAPPER;
    private static final String TEMPLATE = Path.of("../../template.yaml").toString();

    @TempDir
    Path home;

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    private static String csv(List<SyntheticPayroll.Tx> txs, boolean drift) {
        List<String> cols = SyntheticPayroll.FEATURES.stream().map(FeatureSpec::name).toList();
        StringBuilder sb = new StringBuilder("transactionId,").append(String.join(",", cols)).append('\n');
        for (SyntheticPayroll.Tx tx : txs) {
            Map<String, Object> f = new HashMap<>(tx.fields());
            if (drift) {
                f.put("amount_to_avg_ratio", ((Number) f.get("amount_to_avg_ratio")).doubleValue() * 3);
                f.put("days_since_bank_change", null);
            }
            sb.append(tx.id());
            for (String c : cols) {
                Object v = f.get(c);
                sb.append(',').append(v == null ? "" : v instanceof Boolean b ? (b ? "1" : "0") : v.toString());
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    @Test
    void publishWithABaselineThenCompareFilesAndRebuildAReport() throws Exception {
        FraudModelBuilder.Trained trained = FraudModelBuilder.train("1", 2500, 11);
        ModelCard bare = new ModelCard("payroll-x", "1", null, trained.card().objective(), trained.card().output(),
                SyntheticPayroll.FEATURES, trained.card().artifact(), null, Map.of());
        Path model = Files.write(home.resolve("model.json"), trained.artifact());
        Path card = Files.write(home.resolve("card.json"), ModelCards.toJson(bare));
        Path training = Files.writeString(home.resolve("training.csv"),
                csv(new SyntheticPayroll(11).transactions(2500, "t-"), false));

        CliRun published = run("models", "publish", "--name", "payroll-x", "--version", "1", "--model", model.toString(),
                "--card", card.toString(), "--baseline", training.toString(), "--home", home.toString(),
                "--template", TEMPLATE);
        assertEquals(0, published.code(), published.err());

        Path same = Files.writeString(home.resolve("same.csv"), csv(new SyntheticPayroll(99).transactions(1500, "s-"),
                false));
        CliRun ok = run("monitor", "compare", "--model", "payroll-x", "--baseline", "1", "--input", same.toString(),
                "--json", "--home", home.toString(), "--template", TEMPLATE);
        assertEquals(0, ok.code(), ok.err());
        JsonNode okJson = JSON.readTree(ok.out());
        assertEquals(SyntheticPayroll.FEATURES.size(), okJson.get("features").size());
        for (JsonNode f : okJson.get("features")) {
            for (String field : List.of("feature", "psi", "missing_rate", "out_of_range_rate", "drift")) {
                assertTrue(f.has(field), field + " in " + f);
            }
            assertFalse(f.get("drift").asBoolean(), f.toString());
            assertTrue(f.get("psi").asDouble() < 0.25, f.toString());   // 90%-missing features have few rows
        }
        assertFalse(okJson.get("score").get("drift").asBoolean(), okJson.get("score").toString());
        assertEquals(1500, okJson.get("rows").asLong());
        // without --baseline: the only published version
        CliRun byDefault = run("monitor", "compare", "--model", "payroll-x", "--input", same.toString(), "--json",
                "--home", home.toString(), "--template", TEMPLATE);
        assertEquals(0, byDefault.code(), byDefault.err());
        assertEquals("1", JSON.readTree(byDefault.out()).get("version").asText());
        assertTrue(byDefault.err().contains("model: payroll-x@1 (the only published version)"), byDefault.err());

        Path drifted = Files.writeString(home.resolve("drifted.csv"), csv(new SyntheticPayroll(99).transactions(1500,
                "d-"), true));
        CliRun bad = run("monitor", "compare", "--model", "payroll-x", "--baseline", "1", "--input", drifted.toString(),
                "--json", "--home", home.toString(), "--template", TEMPLATE);
        assertEquals(0, bad.code(), bad.err());
        Map<String, JsonNode> byName = new HashMap<>();
        JSON.readTree(bad.out()).get("features").forEach(f -> byName.put(f.get("feature").asText(), f));
        assertTrue(byName.get("amount_to_avg_ratio").get("drift").asBoolean());
        assertTrue(byName.get("amount_to_avg_ratio").get("psi").asDouble() > 0.25);
        assertTrue(byName.get("days_since_bank_change").get("missing_rate").asDouble() == 1.0);
        assertTrue(byName.get("days_since_bank_change").get("drift").asBoolean());
        assertFalse(byName.get("hour_of_day").get("drift").asBoolean());

        CliRun table = run("monitor", "compare", "--model", "payroll-x", "--baseline", "1", "--input", drifted.toString(),
                "--home", home.toString(), "--template", TEMPLATE);
        assertEquals(0, table.code(), table.err());
        assertTrue(table.out().lines().anyMatch(l -> l.startsWith("amount_to_avg_ratio") && l.contains("DRIFT")),
                table.out());

        // a copy of a run's output with its drift.json: the report is re-rendered there
        Path runDir = Files.createDirectories(home.resolve("run"));
        Files.writeString(runDir.resolve("drift.json"), """
                {"run_id":"r1","model":"m","version":"1","rows":3,"scored":3,"quarantined":0,"clients_drifted":0,
                 "min_rows":30,"thresholds":{"psi":0.25},"score":{"lo":0,"hi":1,"bins":2,"actual":[0.5,0.5],
                 "expected":[0.4,0.6]},"top_features":[],"clients":[],"quarantine":{}}""");
        CliRun report = run("monitor", "report", "--run", runDir.toString());
        assertEquals(0, report.code(), report.err());
        assertTrue(report.out().contains(runDir.resolve("report.html").toAbsolutePath().normalize().toString()));
        assertTrue(Files.readString(runDir.resolve("report.html")).contains("id=\"score-chart\""));
    }
}
