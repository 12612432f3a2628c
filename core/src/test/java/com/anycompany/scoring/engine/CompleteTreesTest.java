package com.anycompany.scoring.engine;

import com.anycompany.scoring.model.ModelArtifact;
import ml.dmlc.xgboost4j.java.Booster;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * The batch layout is built on the first batch, not at load: its size is known and counted at load (the model cache
 * budgets by it), and the batch it then scores equals xgboost4j's predictions.
 */
class CompleteTreesTest {
    @Test
    void theBatchLayoutIsBuiltOnFirstUseAndItsSizeIsCountedFromLoad() throws Exception {
        // depth 10 trees: some are stored complete (depth <= 8), the deeper ones keep the node walk
        float[] x = TreeShapTest.data(77, 0.1);
        Booster b = TreeShapTest.train(x, "binary:logistic", 10, 40, 0, 3, Map.of("min_child_weight", 0));
        JavaCompiledModel m = new JavaEngine().compile(new ModelArtifact("layout.ubj", b.toByteArray("ubj")));
        Forest forest = m.forest();
        long atLoad = m.estimatedBytes();
        long planned = CompleteTrees.bytesFor(forest);

        int rows = TreeShapTest.ROWS;
        float[] out = new float[rows];
        m.predictBatch(x, rows, out);

        CompleteTrees built = forest.complete();
        assertNotEquals(0, planned);
        assertEquals(planned, built.bytes(), "the size counted at load is the size built");
        assertEquals(atLoad, m.estimatedBytes(), "building the layout changes no estimate");
        assertSame(built, forest.complete(), "built once");

        ml.dmlc.xgboost4j.java.DMatrix d = new ml.dmlc.xgboost4j.java.DMatrix(x, rows, TreeShapTest.FEATURES,
                Float.NaN);
        float[][] want = b.predict(d);
        for (int i = 0; i < rows; i++) {
            assertEquals(want[i][0], out[i], 1e-6, "row " + i + " of " + Arrays.toString(Arrays.copyOf(out, 3)));
        }
    }
}
