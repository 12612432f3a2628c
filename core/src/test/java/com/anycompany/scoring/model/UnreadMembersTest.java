package com.anycompany.scoring.model;

import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link DocNode#parse(ArtifactFormat.Unwrapped, Set)} with members left unread (as the java engine parses models,
 * without XGBoost's base_weights, loss_changes and parents): such a member is present but fails when read, every other
 * value reads as in a full parse, and a skipped value is still checked as far as finding its end needs.
 */
class UnreadMembersTest {
    private static final Set<String> UNREAD = Set.of("base_weights", "loss_changes", "parents");

    @Test
    void unreadTreeFieldsArePresentButFailWhenReadAndTheRestReadsAsInAFullParse() throws Exception {
        float[] x = new float[80 * 3];
        float[] y = new float[80];
        java.util.Random r = new java.util.Random(5);
        for (int i = 0; i < 80; i++) {
            for (int f = 0; f < 3; f++) {
                x[i * 3 + f] = (float) r.nextGaussian();
            }
            y[i] = x[i * 3] - x[i * 3 + 1] > 0 ? 1 : 0;
        }
        DMatrix d = new DMatrix(x, 80, 3, Float.NaN);
        d.setLabel(y);
        Booster b = XGBoost.train(d, new HashMap<>(Map.of("objective", "binary:logistic", "max_depth", 3, "seed", 1,
                "nthread", 1)), 4, new HashMap<>(), null, null);
        for (String format : List.of("json", "ubj")) {
            ArtifactFormat.Unwrapped doc = ArtifactFormat.unwrap(new ModelArtifact("m." + format, b.toByteArray(format)));
            DocNode full = trees(DocNode.parse(doc));
            DocNode part = trees(DocNode.parse(doc, UNREAD));
            assertEquals(full.size(), part.size());
            for (int t = 0; t < full.size(); t++) {
                DocNode fullTree = full.at(t);
                DocNode tree = part.at(t);
                int n = fullTree.get("left_children").size();
                for (String unread : UNREAD) {
                    assertEquals(n, fullTree.get(unread).size(), format + " full parse keeps " + unread);
                    assertTrue(tree.has(unread), unread + " is present");
                    CorruptArtifactException e = assertThrows(CorruptArtifactException.class,
                            () -> tree.get(unread).asFloatArray());
                    assertTrue(e.getMessage().contains("left unread") && e.getMessage().contains(unread),
                            e.getMessage());
                }
                for (String key : List.of("left_children", "right_children", "split_indices")) {
                    assertArrayEquals(fullTree.get(key).asIntArray(-1, n), tree.get(key).asIntArray(-1, n), key);
                }
                for (String key : List.of("split_conditions", "sum_hessian")) {
                    float[] want = fullTree.get(key).asFloatArray();
                    float[] got = tree.get(key).asFloatArray();
                    assertEquals(want.length, got.length);
                    for (int i = 0; i < n; i++) {
                        assertEquals(Float.floatToRawIntBits(want[i]), Float.floatToRawIntBits(got[i]), key);
                    }
                }
                assertArrayEquals(fullTree.get("default_left").asBoolArray(), tree.get("default_left").asBoolArray());
            }
        }
        b.dispose();
        d.dispose();
    }

    private static DocNode trees(DocNode root) {
        return root.get("learner").get("gradient_booster").get("model").get("trees");
    }

    @Test
    void aSkippedJsonValueIsCheckedAsFarAsFindingItsEndNeeds() {
        // an array of numbers is skipped to its ']'; anything else is read in full (and dropped)
        for (String ok : List.of("{\"a\":[1,2.5e-3, -4 ,\n5],\"b\":7}", "{\"a\":[],\"b\":7}",
                "{\"a\":{\"x\":[1,\"s\"]},\"b\":7}", "{\"a\":[1,\"s\",[2]],\"b\":7}", "{\"a\":\"text\",\"b\":7}",
                "{\"a\":[NaN,1],\"b\":7}")) {
            DocNode root = json(ok);
            assertTrue(root.has("a"), ok);
            assertEquals(7, root.get("b").asLong(), ok);
            assertThrows(CorruptArtifactException.class, () -> root.get("a").size(), ok);
        }
        for (String bad : List.of("{\"a\":[1,2x],\"b\":7}", "{\"a\":[1,tru],\"b\":7}", "{\"a\":[1,{],\"b\":7}",
                "{\"a\":[1,2", "{\"a\":[1,2]", "{\"a\":{\"x\":1,},\"b\":7}")) {
            assertThrows(CorruptArtifactException.class, () -> json(bad), bad);
        }
    }

    @Test
    void aSkippedUbjsonTypedArrayIsCheckedForItsCount() {
        // {"a": [$d#i 2 <two floats>], "b": 7}
        byte[] ok = ubj(2, 8);
        DocNode root = DocNode.parse(new ArtifactFormat.Unwrapped("m.ubj", ArtifactFormat.UBJSON, ok, false),
                Set.of("a"));
        assertEquals(7, root.get("b").asLong());
        assertThrows(CorruptArtifactException.class, () -> root.get("a").asFloatArray());
        // a count beyond the bytes left is refused as it is in a full read
        byte[] bad = ubj(100, 8);
        for (Set<String> unread : List.of(Set.<String>of(), Set.of("a"))) {
            assertThrows(CorruptArtifactException.class, () -> DocNode.parse(
                    new ArtifactFormat.Unwrapped("m.ubj", ArtifactFormat.UBJSON, bad, false), unread));
        }
    }

    private static DocNode json(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        return DocNode.parse(new ArtifactFormat.Unwrapped("m.json", ArtifactFormat.JSON, bytes, false), Set.of("a"));
    }

    /** {@code {"a": [$d #i count, <floatBytes bytes>], "b": 7}}. */
    private static byte[] ubj(int count, int floatBytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {'{', 'i', 1, 'a', '[', '$', 'd', '#', 'i', (byte) count});
        for (int i = 0; i < floatBytes / 4; i++) {
            out.writeBytes(new byte[] {0x3f, (byte) 0x80, 0, 0}); // 1.0f
        }
        out.writeBytes(new byte[] {'i', 1, 'b', 'i', 7, '}'});
        return out.toByteArray();
    }
}
