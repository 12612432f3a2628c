package com.anycompany.scoring.engine;

import com.anycompany.scoring.model.ArtifactInfo;
import com.anycompany.scoring.model.CardDeriver;
import com.anycompany.scoring.model.LoadedModel;
import com.anycompany.scoring.model.ModelArtifact;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code LoadedModel.explainRows} (a batch explained with one block walk, as the fraud function explains its SQS
 * batch) against xgboost4j: each row's outputs against {@code predict}, and its top-3 reasons against the three largest
 * positive values of {@code predictContrib}, for batch sizes around SQS's 10 and the block width.
 */
class ExplainRowsTest {
    private static final int K = 3;

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 7, 10, 63, 64, 65, 130})
    void aBatchIsExplainedAsXgboostExplainsEachRow(int n) throws Exception {
        float[] x = TreeShapTest.data(77, 0.1);
        Booster b = TreeShapTest.train(x, "binary:logistic", 6, 40, 0, 77);
        byte[] bytes = b.toByteArray("ubj");
        JavaCompiledModel m = new JavaEngine().compile(new ModelArtifact("explain.ubj", bytes));
        LoadedModel model = LoadedModel.bind(CardDeriver.derive("explain", "1", m,
                new ArtifactInfo("explain.ubj", "ubj", "0".repeat(64), bytes.length)), m, "explain.ubj");
        int nf = m.numFeatures();
        List<float[]> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rows.add(Arrays.copyOfRange(x, i * nf, (i + 1) * nf));
        }
        DMatrix d = new DMatrix(Arrays.copyOf(x, n * nf), n, nf, Float.NaN);
        float[][] wantOut;
        float[][] wantPhi;
        try {
            wantOut = b.predict(d);
            wantPhi = b.predictContrib(d, 0);
        } finally {
            d.dispose();
            b.dispose();
        }
        List<LoadedModel.Explained> got = model.explainRows(rows, K, new com.anycompany.scoring.model.StageTimes());
        assertEquals(n, got.size());
        for (int i = 0; i < n; i++) {
            float[] phi = wantPhi[i];
            assertEquals(wantOut[i][0], got.get(i).outputs()[0], 1e-6, "row " + i + " output");
            Integer[] order = IntStream.range(0, nf).filter(f -> phi[f] > 0).boxed()
                    .sorted(Comparator.comparingDouble(f -> -phi[f])).toArray(Integer[]::new);
            List<Reason> reasons = got.get(i).reasons();
            assertEquals(Math.min(K, order.length), reasons.size(), "row " + i + ": one reason per positive value");
            for (int j = 0; j < reasons.size(); j++) {
                int f = TreeShapTest.NAMES.indexOf(reasons.get(j).feature());
                assertEquals(phi[f], reasons.get(j).contribution(), 1e-5, "row " + i + " reason " + j);
                boolean clearGap = j + 1 >= order.length || phi[order[j]] - phi[order[j + 1]] > 1e-4;
                boolean clearBefore = j == 0 || phi[order[j - 1]] - phi[order[j]] > 1e-4;
                if (clearGap && clearBefore) {
                    assertEquals(TreeShapTest.NAMES.get(order[j]), reasons.get(j).feature(), "row " + i
                            + " reason " + j + " (xgboost's " + (j + 1) + "th largest contribution)");
                }
            }
        }
    }
}
