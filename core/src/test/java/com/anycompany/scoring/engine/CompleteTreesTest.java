package com.anycompany.scoring.engine;

import com.anycompany.scoring.model.ModelArtifact;
import ml.dmlc.xgboost4j.java.Booster;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    /**
     * Both batch walks, the one reading through {@link UncheckedArrays} and the bounds-checked one, add exactly the leaf
     * the forest's node walk reaches, for every tree of every depth they store (1 to 8, leaves above the last level,
     * 30% missing values) and every block size from 1 to {@link CompleteTrees#BLOCK} rows (the eight-row loop and its
     * tail), at an offset into the accumulators.
     */
    @Test
    void theUncheckedAndTheCheckedWalkAddTheLeafTheNodeWalkReaches() throws Exception {
        float[] x = TreeShapTest.data(91, 0.3);
        int nf = TreeShapTest.FEATURES;
        for (int depth : new int[] {1, 2, 3, 6, 8}) {
            Booster b = TreeShapTest.train(x, "reg:squarederror", depth, 12, 0, depth,
                    Map.of("min_child_weight", 0));
            Forest forest = new JavaEngine().compile(new ModelArtifact("walk.ubj", b.toByteArray("ubj"))).forest();
            CompleteTrees unchecked = CompleteTrees.of(forest, true);
            CompleteTrees checked = CompleteTrees.of(forest, false);
            int[] keys = new int[checked.keysPerBlock()];
            int a0 = 5;
            for (int count = 1; count <= CompleteTrees.BLOCK; count += count < 17 ? 1 : 7) {
                int from = (count * 3) % (TreeShapTest.ROWS - count);
                checked.keys(x, from * nf, nf, count, keys);
                for (int t = 0; t < forest.numTrees(); t++) {
                    assertTrue(checked.has(t), "depth " + depth + " tree " + t + " is stored complete");
                    float[] viaUnchecked = new float[a0 + count];
                    float[] viaChecked = new float[a0 + count];
                    unchecked.addLeaves(t, keys, count, viaUnchecked, a0);
                    checked.addLeaves(t, keys, count, viaChecked, a0);
                    for (int r = 0; r < count; r++) {
                        float want = forest.leaf(forest.treeRoot[t], forest.treeDepth[t], x, (from + r) * nf);
                        String where = "depth " + depth + ", tree " + t + ", row " + r + " of " + count;
                        assertEquals(Float.floatToRawIntBits(want), Float.floatToRawIntBits(viaChecked[a0 + r]),
                                "checked walk, " + where);
                        assertEquals(Float.floatToRawIntBits(want), Float.floatToRawIntBits(viaUnchecked[a0 + r]),
                                "unchecked walk, " + where);
                    }
                    for (int r = 0; r < a0; r++) {
                        assertEquals(0f, viaUnchecked[r], "nothing written below a0");
                    }
                }
            }
        }
    }

    @Test
    void aBlockTooBigForItsKeysOrAccumulatorsIsRefusedBeforeAnyRead() throws Exception {
        float[] x = TreeShapTest.data(92, 0.1);
        Booster b = TreeShapTest.train(x, "reg:squarederror", 4, 3, 0, 1);
        Forest forest = new JavaEngine().compile(new ModelArtifact("walk.ubj", b.toByteArray("ubj"))).forest();
        CompleteTrees trees = CompleteTrees.of(forest, true);
        int[] keys = new int[trees.keysPerBlock()];
        assertThrows(IllegalArgumentException.class,
                () -> trees.addLeaves(0, keys, CompleteTrees.BLOCK + 1, new float[2 * CompleteTrees.BLOCK], 0));
        assertThrows(IllegalArgumentException.class,
                () -> trees.addLeaves(0, new int[keys.length - 1], 8, new float[8], 0));
        assertThrows(IllegalArgumentException.class, () -> trees.addLeaves(0, keys, 8, new float[12], 5));
    }

    /**
     * Trees with categorical splits are stored complete, and their mixed walk adds exactly the leaf the forest's node
     * walk ({@code leafCategorical}, XGBoost's Decision) reaches, and sums to xgboost4j's own margin: one-hot and partition splits, missing values, and
     * codes never seen in training, negative or from 2^24 on, for every block size from 1 to {@link CompleteTrees#BLOCK}.
     */
    @Test
    void categoricalTreesAreStoredCompleteAndWalkedToTheNodeWalksLeaf() throws Exception {
        final int rows = 400;
        final int nf = 4; // two categorical features (40 and 4 categories), two numeric
        float[] labels = new float[rows];
        float[] x = new float[rows * nf];
        Random r = new Random(93);
        for (int i = 0; i < rows; i++) {
            int c0 = r.nextInt(40);
            int c1 = r.nextInt(4);
            float g = (float) r.nextGaussian();
            labels[i] = (c0 % 7 < 3 ? 1 : 0) + (c1 == 2 ? 0.5f : 0) + g * 0.3f;
            x[i * nf] = r.nextInt(10) == 0 ? Float.NaN : c0;
            x[i * nf + 1] = r.nextInt(5) == 0 ? Float.NaN : c1;
            x[i * nf + 2] = r.nextInt(10) == 0 ? Float.NaN : g;
            x[i * nf + 3] = (float) r.nextGaussian();
        }
        ml.dmlc.xgboost4j.java.DMatrix d = new ml.dmlc.xgboost4j.java.DMatrix(x, rows, nf, Float.NaN);
        d.setLabel(labels);
        d.setFeatureTypes(new String[] {"c", "c", "q", "q"});
        Map<String, Object> p = new java.util.HashMap<>();
        p.put("objective", "reg:squarederror");
        p.put("tree_method", "hist");
        p.put("max_depth", 5);
        p.put("max_cat_to_onehot", 8);
        p.put("min_child_weight", 0);
        p.put("seed", 1);
        Booster b = ml.dmlc.xgboost4j.java.XGBoost.train(d, p, 12, new java.util.HashMap<>(), null, null);
        d.dispose();
        JavaCompiledModel model = new JavaEngine().compile(new ModelArtifact("cat.ubj", b.toByteArray("ubj")));
        Forest forest = model.forest();
        for (int i = 0; i < rows; i += 5) { // codes never seen, negative and from 2^24 on
            x[i * nf] = new float[] {77, -1, 16777216f, -0.5f, 2.7f}[(i / 5) % 5];
        }
        // the oracle: xgboost4j's own margins for these rows (features typed, so it reads the codes as categories)
        ml.dmlc.xgboost4j.java.DMatrix scored = new ml.dmlc.xgboost4j.java.DMatrix(x, rows, nf, Float.NaN);
        scored.setFeatureTypes(new String[] {"c", "c", "q", "q"});
        float[][] margins = b.predict(scored, true);
        scored.dispose();
        b.dispose();
        CompleteTrees trees = CompleteTrees.of(forest);
        assertEquals(CompleteTrees.bytesFor(forest), trees.bytes(), "the size counted at load is the size built");
        int[] keys = new int[trees.keysPerBlock()];
        int categoricalTrees = 0;
        for (int count = 1; count <= CompleteTrees.BLOCK; count += count < 17 ? 1 : 7) {
            int from = (count * 7) % (rows - count);
            trees.keys(x, from * nf, nf, count, keys);
            for (int t = 0; t < forest.numTrees(); t++) {
                assertTrue(trees.has(t), "tree " + t + " is stored complete");
                categoricalTrees += forest.treeCategorical(t) ? 1 : 0;
                float[] acc = new float[count + 3];
                trees.addLeaves(t, keys, count, acc, 3);
                for (int k = 0; k < count; k++) {
                    float want = forest.leafCategorical(forest.treeRoot[t], forest.treeDepth[t], x, (from + k) * nf);
                    assertEquals(Float.floatToRawIntBits(want), Float.floatToRawIntBits(acc[3 + k]),
                            "tree " + t + ", row " + (from + k) + " (feature 0 = " + x[(from + k) * nf] + ") of "
                                    + count);
                }
            }
        }
        assertTrue(categoricalTrees > 0, "the model has trees with categorical splits");
        // whole blocks through the complete layout: base margin plus every tree's leaf equals xgboost4j's margin
        for (int from = 0; from < rows; from += CompleteTrees.BLOCK) {
            int count = Math.min(CompleteTrees.BLOCK, rows - from);
            trees.keys(x, from * nf, nf, count, keys);
            float[] acc = new float[count];
            Arrays.fill(acc, model.baseMargins()[0]);
            for (int t = 0; t < forest.numTrees(); t++) {
                trees.addLeaves(t, keys, count, acc, 0);
            }
            for (int k = 0; k < count; k++) {
                assertEquals(margins[from + k][0], acc[k], 1e-5, "row " + (from + k) + " against xgboost4j's margin");
            }
        }
    }
}
