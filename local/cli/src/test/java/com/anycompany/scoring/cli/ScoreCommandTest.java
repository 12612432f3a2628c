package com.anycompany.scoring.cli;

import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import com.anycompany.scoring.local.xgb.XgbTrainer;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ./scoring score} against xgboost4j's own predictions, on models trained here: missing values, shuffled
 * columns, CSV and JSON Lines, and the objectives the foundation promises.
 */
class ScoreCommandTest {
    private static final List<String> FEATURES = List.of("age", "tenure", "salary_band", "overtime", "rating");
    @TempDir
    Path dir;

    private record Data(float[][] x, float[] y) {
    }

    private static Data data(String objective, int rows, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[][] x = new float[rows][FEATURES.size()];
        float[] y = new float[rows];
        for (int i = 0; i < rows; i++) {
            for (int c = 0; c < FEATURES.size(); c++) {
                x[i][c] = r.nextDouble() < 0.12 ? Float.NaN : (float) (r.nextGaussian() * (c + 1) + c);
            }
            double s = (Float.isNaN(x[i][0]) ? 0 : x[i][0]) + 0.5 * (Float.isNaN(x[i][2]) ? 1 : x[i][2]);
            y[i] = switch (objective) {
                case "binary:logistic", "binary:logitraw" -> s + r.nextGaussian() > 1.5 ? 1 : 0;
                case "count:poisson" -> (float) Math.floor(Math.exp(Math.min(3, s / 4)) * r.nextDouble(0.5, 1.5));
                case "multi:softprob" -> (float) Math.floorMod((int) Math.floor(s + r.nextGaussian()), 3);
                default -> (float) (s * 2 + r.nextGaussian());
            };
        }
        return new Data(x, y);
    }

    private static int run(String... args) {
        CommandLine cmd = ScoringCli.commandLine();
        cmd.setErr(new PrintWriter(new StringWriter()));
        return cmd.execute(args);
    }

    @ParameterizedTest
    @ValueSource(strings = {"binary:logistic", "binary:logitraw", "reg:squarederror", "count:poisson", "multi:softprob"})
    void scoresLikeXgboostWithMissingValuesAndShuffledColumns(String objective) throws Exception {
        Data d = data(objective, 400, objective.hashCode());
        Map<String, Object> params = new HashMap<>(Map.of("objective", objective, "max_depth", 5, "eta", 0.3,
                "seed", 1, "nthread", 1));
        if (objective.startsWith("multi")) {
            params.put("num_class", 3);
        }
        byte[] model = XgbTrainer.train(d.x(), d.y(), FEATURES, params, 25, "ubj");
        Path modelFile = dir.resolve("model.ubj");
        Files.write(modelFile, model);

        // reference: xgboost4j on the same rows
        Booster booster = XGBoost.loadModel(model);
        float[] flat = new float[d.x().length * FEATURES.size()];
        for (int i = 0; i < d.x().length; i++) {
            System.arraycopy(d.x()[i], 0, flat, i * FEATURES.size(), FEATURES.size());
        }
        float[][] expected = booster.predict(new DMatrix(flat, d.x().length, FEATURES.size(), Float.NaN));

        // the input: columns in another order, an extra id column, missing as empty cells / absent fields
        List<String> order = List.of("rating", "employee_id", "salary_band", "age", "overtime", "tenure");
        StringBuilder csv = new StringBuilder(String.join(",", order)).append("\r\n");
        StringBuilder jsonl = new StringBuilder();
        for (int i = 0; i < d.x().length; i++) {
            List<String> cells = new ArrayList<>();
            List<String> fields = new ArrayList<>();
            for (String col : order) {
                if (col.equals("employee_id")) {
                    cells.add("\"E," + i + "\"");
                    fields.add("\"employee_id\":\"E" + i + "\"");
                    continue;
                }
                float v = d.x()[i][FEATURES.indexOf(col)];
                cells.add(Float.isNaN(v) ? "" : Float.toString(v));
                if (!Float.isNaN(v)) {
                    fields.add("\"" + col + "\":" + v);
                }
            }
            csv.append(String.join(",", cells)).append("\r\n");
            jsonl.append("{").append(String.join(",", fields)).append("}\n");
        }
        Path in = Files.writeString(dir.resolve("rows.csv"), csv);
        Path inJsonl = Files.writeString(dir.resolve("rows.jsonl"), jsonl);

        for (Path input : List.of(in, inJsonl)) {
            for (String engine : List.of("java", "xgboost4j")) {
                Path out = dir.resolve("out-" + engine + ".csv");
                assertEquals(0, run("score", "--model", modelFile.toString(), "--input", input.toString(),
                        "--output", out.toString(), "--engine", engine));
                List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
                int k = expected[0].length;
                String header = k == 1 ? "prediction" : "class_0,class_1,class_2";
                assertEquals(header, lines.get(0));
                assertEquals(d.x().length + 1, lines.size(), "one output line per input row, in order");
                for (int i = 0; i < d.x().length; i++) {
                    String[] cells = lines.get(i + 1).split(",");
                    assertEquals(k, cells.length);
                    for (int c = 0; c < k; c++) {
                        float got = Float.parseFloat(cells[c]);
                        float want = expected[i][c];
                        assertTrue(Math.abs(got - want) <= 1e-6 * Math.max(1, Math.abs(want)),
                                objective + " " + input.getFileName() + " " + engine + " row " + i + ": " + got
                                        + " vs xgboost " + want);
                    }
                }
            }
        }
        booster.dispose();
    }

    @Test
    void badRowsAreQuarantinedWithTheirReasonAndKeepTheirPlace() throws Exception {
        Data d = data("reg:squarederror", 200, 3);
        byte[] model = XgbTrainer.train(d.x(), d.y(), FEATURES, Map.of("objective", "reg:squarederror",
                "nthread", 1), 5, "json");
        Path modelFile = Files.write(dir.resolve("m.json"), model);
        Path in = Files.writeString(dir.resolve("in.csv"), "age,tenure,salary_band,overtime,rating\n"
                + "1,2,3,4,5\n" + "1,2,\"12,50\",4,5\n" + "1,2,3,4,5,6\n" + "0.5,,,,\n");
        Path out = dir.resolve("o.csv");
        assertEquals(0, run("score", "--model", modelFile.toString(), "--input", in.toString(), "--output",
                out.toString()));
        List<String> lines = Files.readAllLines(out);
        assertEquals(5, lines.size());
        assertTrue(!lines.get(1).isEmpty() && lines.get(2).isEmpty() && lines.get(3).isEmpty()
                && !lines.get(4).isEmpty(), lines.toString());
        List<String> q = Files.readAllLines(dir.resolve("o.csv.quarantine.jsonl"));
        assertEquals(2, q.size());
        assertTrue(q.get(0).contains("\"row\":2") && q.get(0).contains("'salary_band' is not a number (got text:"),
                q.get(0));
        assertTrue(q.get(1).contains("\"row\":3") && q.get(1).contains("has 6 cells but the header has 5"), q.get(1));
    }

    @Test
    void badArgumentsGiveAOneLineErrorAndNonZeroExit() {
        assertEquals(2, run("score", "--model", "nope.json"));
        assertEquals(2, run("score", "--model", dir.resolve("missing.json").toString(), "--input",
                dir.resolve("x.csv").toString(), "--output", dir.resolve("o.csv").toString()));
    }
}
