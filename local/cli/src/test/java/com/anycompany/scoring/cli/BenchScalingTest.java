package com.anycompany.scoring.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ./scoring bench --scaling} wiring on tiny models: the options reach the harness, every shape gets a numeric
 * and a categorical row with both engines' figures, and the java engine agrees with xgboost4j on every model (the
 * categorical ones with splits xgboost4j itself marks categorical). Speed is never asserted.
 */
class BenchScalingTest {

    private static BenchCommand parse(String... args) {
        CommandLine.ParseResult pr = ScoringCli.commandLine().parseArgs(args);
        return (BenchCommand) pr.subcommand().commandSpec().userObject();
    }

    @Test
    @SuppressWarnings("unchecked")
    void scalingTableOnTinyModelsAgreesWithXgboost4j() throws Exception {
        BenchCommand cmd = parse("bench", "--scaling", "--json", "--shapes", "3x4,5x7", "--rows", "300",
                "--train-rows", "2000", "--seconds", "0.05");
        assertTrue(cmd.scaling && cmd.json);
        Map<String, Object> f = cmd.scalingFigures();
        assertEquals(300, f.get("rows"));
        for (String kind : List.of("numeric", "categorical")) {
            List<Map<String, Object>> models = (List<Map<String, Object>>) f.get(kind);
            assertEquals(2, models.size(), kind);
            assertEquals(List.of(3, 5), models.stream().map(m -> m.get("depth")).toList(), kind);
            assertEquals(List.of(4, 7), models.stream().map(m -> m.get("trees")).toList(), kind);
            for (Map<String, Object> m : models) {
                String at = kind + " " + m.get("depth") + "x" + m.get("trees");
                assertTrue((double) m.get("max_abs_diff") <= 1e-6, at + " java vs xgboost4j " + m);
                for (String k : List.of("ns_per_tree_row", "ns_per_tree_row_xgboost4j", "ns_per_tree_row_speedup",
                        "ns_per_tree_row_wall", "ns_per_tree_row_wall_xgboost4j", "single_row_p50_us",
                        "single_row_p50_ns_per_tree")) {
                    assertInstanceOf(Double.class, m.get(k), at + " " + k);
                    assertTrue((double) m.get(k) > 0, at + " " + k + " " + m);
                }
                if (kind.equals("categorical")) {
                    assertTrue((long) m.get("categorical_splits") > 0, at + " " + m);
                    assertTrue((double) m.get("xgboost4j_inplace_vs_dmatrix_max_abs_diff") <= 1e-6, at + " " + m);
                }
            }
        }
        assertInstanceOf(Double.class, f.get("load_average_1m"));
    }

    @Test
    void badShapeFailsWithAClearMessage() {
        BenchCommand cmd = parse("bench", "--scaling", "--shapes", "6by300");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, cmd::scalingFigures);
        assertTrue(e.getMessage().contains("6by300"), e.getMessage());
    }
}
