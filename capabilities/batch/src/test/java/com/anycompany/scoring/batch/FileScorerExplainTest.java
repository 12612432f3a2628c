package com.anycompany.scoring.batch;

import com.anycompany.scoring.engine.JavaCompiledModel;
import com.anycompany.scoring.engine.JavaEngine;
import com.anycompany.scoring.model.ArtifactInfo;
import com.anycompany.scoring.model.CardDeriver;
import com.anycompany.scoring.model.LoadedModel;
import com.anycompany.scoring.model.ModelArtifact;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code ./scoring score --explain K}: reason columns after an unchanged prediction column, equal to predictContrib. */
class FileScorerExplainTest {
    private static final Pattern CELL = Pattern.compile("(\\w+)=(\\S+) \\(\\+(\\S+)\\)");

    @Test
    void reasonColumnsFollowThePredictionAndMatchPredictContrib() throws Exception {
        int rows = 40;
        int nf = 4;
        List<String> names = List.of("amount", "tenure", "hour", "ratio");
        Random r = new Random(8);
        float[] x = new float[rows * nf];
        float[] y = new float[rows];
        StringBuilder csv = new StringBuilder("ratio,hour,tenure,amount,note\n");
        for (int i = 0; i < rows; i++) {
            for (int f = 0; f < nf; f++) {
                x[i * nf + f] = (f == 1 && i % 7 == 0) ? Float.NaN : Math.round(r.nextGaussian() * 100) / 10f;
            }
            y[i] = x[i * nf] + (Float.isNaN(x[i * nf + 1]) ? 2 : x[i * nf + 1]) * x[i * nf + 3] > 0 ? 1 : 0;
            csv.append(x[i * nf + 3]).append(',').append(x[i * nf + 2]).append(',')
                    .append(Float.isNaN(x[i * nf + 1]) ? "" : Float.toString(x[i * nf + 1])).append(',')
                    .append(x[i * nf]).append(",\"a, note\"\n");
        }
        DMatrix d = new DMatrix(x, rows, nf, Float.NaN);
        d.setLabel(y);
        d.setFeatureNames(names.toArray(new String[0]));
        Map<String, Object> p = new HashMap<>(Map.of("objective", "binary:logistic", "max_depth", 3, "seed", 1,
                "min_child_weight", 0.1));
        Booster b = XGBoost.train(d, p, 20, new HashMap<>(), null, null);
        float[][] contrib = b.predictContrib(d, 0);
        byte[] bytes = b.toByteArray("json");
        JavaCompiledModel compiled = new JavaEngine().compile(new ModelArtifact("m.json", bytes));
        LoadedModel model = LoadedModel.bind(CardDeriver.derive("m", "1", compiled,
                new ArtifactInfo("model.json", "json", "0".repeat(64), bytes.length)), compiled, "m.json");

        StringWriter plain = new StringWriter();
        new FileScorer(model).score(new StringReader(csv.toString()), RecordFormat.CSV, plain, new StringWriter());
        StringWriter explained = new StringWriter();
        new FileScorer(model, 2).score(new StringReader(csv.toString()), RecordFormat.CSV, explained,
                new StringWriter());

        String[] plainLines = plain.toString().split("\n");
        String[] lines = explained.toString().split("\n");
        assertEquals("prediction,reason_1,reason_2", lines[0]);
        assertEquals(rows + 1, lines.length);
        int reasons = 0;
        for (int i = 1; i <= rows; i++) {
            String[] cells = lines[i].split(",", -1);
            assertEquals(3, cells.length, lines[i]);
            assertEquals(plainLines[i], cells[0], "the prediction column is unchanged");
            double previous = Double.POSITIVE_INFINITY;
            for (int k = 1; k <= 2; k++) {
                if (cells[k].isEmpty()) {
                    continue;
                }
                Matcher m = CELL.matcher(cells[k]);
                assertTrue(m.matches(), cells[k]);
                int f = names.indexOf(m.group(1));
                float value = x[(i - 1) * nf + f];
                assertEquals(Float.isNaN(value) ? "NA" : Float.toString(value), m.group(2));
                double c = Double.parseDouble(m.group(3));
                assertEquals(contrib[i - 1][f], c, 1e-3 * Math.max(1, Math.abs(c)), cells[k]);
                assertTrue(c <= previous);
                previous = c;
                reasons++;
            }
        }
        assertTrue(reasons > rows, "most rows have two positive reasons: " + reasons);
    }
}
