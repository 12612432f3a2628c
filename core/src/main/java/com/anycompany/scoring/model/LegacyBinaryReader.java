package com.anycompany.scoring.model;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads XGBoost's deprecated binary model format into the same document tree as the JSON schema, so one loader serves
 * both. What each version wrote (little-endian, dmlc::Stream; strings and vectors are a uint64 count then the items):
 * <pre>
 *   ["binf"]                       1.1 to 2.x (XGBoost's SaveModel); absent in 0.8x, 0.90 and 1.0
 *   LearnerModelParam, 136 bytes   base_score f32, num_feature u32, num_class i32, contain_extra_attrs i32,
 *                                  contain_eval_metrics i32, then 1.0+: major_version u32, minor_version u32,
 *                                  then 1.6+: num_target u32, 2.0+: boost_from_average i32; the rest reserved zeros
 *   objective name, booster name   strings ("binary:logistic", "gbtree" | "dart" | "gblinear")
 *   gbtree/dart: GBTreeModelParam  160 bytes: num_trees i32, num_parallel_tree (num_roots before 1.1) i32, ...
 *                trees             each: TreeParam 148 bytes (num_roots, num_nodes, num_deleted, max_depth, num_feature,
 *                                  size_leaf_vector, reserved), nodes 20 bytes each (parent, cleft, cright,
 *                                  sindex u32 with the default-left bit 31, split condition or leaf value f32), stats
 *                                  16 bytes each (loss_chg, sum_hess, base_weight, leaf_child_cnt)
 *                tree_info         i32 per tree (its output group)
 *          dart: weight_drop       vector&lt;f32&gt;
 *   gblinear: 136-byte param, then the weights vector&lt;f32&gt; ((num_feature + 1) × groups, bias last)
 *   attributes                     vector of (string, string) when contain_extra_attrs; 1.0+ put the objective's JSON
 *                                  config there as "objective"
 * </pre>
 * Before 1.0 the stored base_score is already the margin (0.90's learner applied ProbToMargin before saving); from 1.0
 * it is in the objective's user space. The tree carries {@code version} [major, minor, 0] so that the loader applies
 * the rule of the version that wrote it (0 for 0.x). The binary format has no categorical splits, feature names or
 * multi-target trees.
 */
final class LegacyBinaryReader {
    static final int PARAM_BYTES = 136;
    private static final int GBTREE_PARAM_BYTES = 160;
    private static final int TREE_PARAM_BYTES = 148;
    private static final int NODE_BYTES = 20;
    private static final int STAT_BYTES = 16;
    private static final int MAX_NAME = 256;

    private final String source;
    private final ByteBuffer in;

    private LegacyBinaryReader(String source, byte[] bytes) {
        this.source = source;
        this.in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** True when {@code b} starts with "binf", or with a headerless parameter block followed by an objective name. */
    static boolean looksLikeBinary(byte[] b) {
        if (b.length >= 4 && b[0] == 'b' && b[1] == 'i' && b[2] == 'n' && b[3] == 'f') {
            return true;
        }
        return objectiveNameAt(b, PARAM_BYTES) != null;
    }

    /** The objective name stored as a dmlc string at {@code at}, when it reads as one ("reg:linear"); else null. */
    private static String objectiveNameAt(byte[] b, int at) {
        if (b.length < at + 8) {
            return null;
        }
        ByteBuffer bb = ByteBuffer.wrap(b, at, 8).order(ByteOrder.LITTLE_ENDIAN);
        long len = bb.getLong();
        if (len < 3 || len > 64 || at + 8 + len > b.length) {
            return null;
        }
        String s = new String(b, at + 8, (int) len, StandardCharsets.US_ASCII);
        return s.matches("[a-z]+:[a-z_]+") ? s : null;
    }

    static Map<String, Object> read(String source, byte[] bytes) {
        try {
            return new LegacyBinaryReader(source, bytes).document(bytes);
        } catch (BufferUnderflowException e) {
            throw new CorruptArtifactException(source + ": unexpected end of input (the binary model is truncated)");
        }
    }

    private Map<String, Object> document(byte[] bytes) {
        boolean header = bytes.length >= 4 && bytes[0] == 'b' && bytes[1] == 'i' && bytes[2] == 'n' && bytes[3] == 'f';
        if (header) {
            in.position(4);
        }
        int paramAt = in.position();
        float baseScore = in.getFloat();
        long numFeature = Integer.toUnsignedLong(in.getInt());
        int numClass = in.getInt();
        int extraAttrs = in.getInt();
        in.getInt(); // contain_eval_metrics
        int major = in.getInt();
        int minor = in.getInt();
        int numTarget = in.getInt();
        in.position(paramAt + PARAM_BYTES);
        if (major < 0 || major > 2 || minor < 0 || minor > 1000 || (major == 0 && minor != 0)) {
            throw new CorruptArtifactException(source + ": the binary model names XGBoost version " + major + "."
                    + minor + "; the binary format was written by XGBoost 0.x to 2.x only");
        }
        if (numFeature > Integer.MAX_VALUE || numClass < 0) {
            throw new CorruptArtifactException(source + ": the binary model header is corrupt (num_feature "
                    + numFeature + ", num_class " + numClass + ")");
        }
        String objective = string("objective name");
        String booster = string("booster name");

        Map<String, Object> gb = new LinkedHashMap<>();
        gb.put("name", booster);
        switch (booster) {
            case "gbtree" -> gb.put("model", gbtree(major));
            case "dart" -> {
                Map<String, Object> inner = new LinkedHashMap<>();
                inner.put("name", "gbtree");
                Map<String, Object> model = gbtree(major);
                inner.put("model", model);
                gb.put("gbtree", inner);
                int nTrees = ((List<?>) model.get("trees")).size();
                gb.put("weight_drop", nTrees == 0 ? nums(new float[0]) : nums(floatVector("weight_drop")));
            }
            case "gblinear" -> {
                skip(PARAM_BYTES, "gblinear parameters");
                Map<String, Object> model = new LinkedHashMap<>();
                model.put("weights", nums(floatVector("gblinear weights")));
                gb.put("model", model);
            }
            default -> throw new CorruptArtifactException(source + ": unknown booster \"" + DocNode.shortened(booster)
                    + "\" in the binary model");
        }
        Map<String, Object> attributes = new LinkedHashMap<>();
        if (extraAttrs != 0) {
            long n = count("attributes", 16);
            for (long i = 0; i < n; i++) {
                String k = string("attribute name");
                String v = string("attribute value");
                if (!k.equals("objective")) {
                    attributes.put(k, v);
                }
            }
        }
        Map<String, Object> lmp = new LinkedHashMap<>();
        lmp.put("base_score", new DocValues.Num(baseScore, baseScore));
        lmp.put("num_feature", num(numFeature));
        lmp.put("num_class", num(numClass));
        lmp.put("num_target", num(major >= 2 || (major == 1 && minor >= 6) ? Math.max(1, numTarget) : 1));
        Map<String, Object> obj = new LinkedHashMap<>();
        obj.put("name", objective);
        Map<String, Object> learner = new LinkedHashMap<>();
        learner.put("learner_model_param", lmp);
        learner.put("objective", obj);
        learner.put("gradient_booster", gb);
        learner.put("attributes", attributes);
        learner.put("feature_names", new ArrayList<>());
        learner.put("feature_types", new ArrayList<>());
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("version", nums(new float[] {major, minor, 0}));
        root.put("learner", learner);
        return root;
    }

    private Map<String, Object> gbtree(int major) {
        int at = in.position();
        int numTrees = in.getInt();
        int second = in.getInt(); // num_roots (0.x, 1.0) or num_parallel_tree (1.1+)
        in.position(at + GBTREE_PARAM_BYTES);
        if (numTrees < 0) {
            throw new CorruptArtifactException(source + ": the binary model has " + numTrees + " trees (corrupt)");
        }
        ModelLimits.current().checkTrees(source, numTrees);
        List<Object> trees = new ArrayList<>();
        for (int t = 0; t < numTrees; t++) {
            trees.add(tree(t));
        }
        float[] info = new float[numTrees];
        need(4L * numTrees, "tree_info");
        for (int t = 0; t < numTrees; t++) {
            info[t] = in.getInt();
        }
        Map<String, Object> param = new LinkedHashMap<>();
        param.put("num_trees", num(numTrees));
        param.put("num_parallel_tree", num(major >= 1 && second >= 1 ? second : 1));
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("gbtree_model_param", param);
        model.put("trees", trees);
        model.put("tree_info", nums(info));
        return model;
    }

    private Map<String, Object> tree(int t) {
        int at = in.position();
        need(TREE_PARAM_BYTES, "trees[" + t + "]");
        in.getInt(); // num_roots
        int numNodes = in.getInt();
        in.getInt(); // num_deleted
        in.getInt(); // max_depth
        in.getInt(); // num_feature
        int sizeLeafVector = in.getInt();
        in.position(at + TREE_PARAM_BYTES);
        if (numNodes < 1) {
            throw new CorruptArtifactException(source + ": trees[" + t + "] has " + numNodes + " nodes (corrupt)");
        }
        need((long) numNodes * (NODE_BYTES + STAT_BYTES), "trees[" + t + "] nodes");
        float[] left = new float[numNodes];
        float[] right = new float[numNodes];
        float[] split = new float[numNodes];
        float[] cond = new float[numNodes];
        float[] defaultLeft = new float[numNodes];
        float[] hess = new float[numNodes];
        for (int i = 0; i < numNodes; i++) {
            in.getInt(); // parent
            int l = in.getInt();
            int r = in.getInt();
            int sindex = in.getInt();
            float v = in.getFloat();
            boolean deleted = sindex == -1;
            left[i] = deleted ? -1 : l;
            right[i] = deleted ? -1 : r;
            split[i] = deleted ? 0 : sindex & 0x7fffffff;
            defaultLeft[i] = !deleted && sindex < 0 ? 1 : 0;
            cond[i] = v;
        }
        for (int i = 0; i < numNodes; i++) {
            in.getFloat(); // loss_chg
            hess[i] = in.getFloat();
            in.getFloat(); // base_weight
            in.getInt(); // leaf_child_cnt
        }
        Map<String, Object> param = new LinkedHashMap<>();
        param.put("num_nodes", num(numNodes));
        param.put("size_leaf_vector", num(sizeLeafVector));
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("tree_param", param);
        tree.put("left_children", nums(left));
        tree.put("right_children", nums(right));
        tree.put("split_indices", nums(split));
        tree.put("split_conditions", nums(cond));
        tree.put("default_left", nums(defaultLeft));
        tree.put("sum_hessian", nums(hess));
        return tree;
    }

    private String string(String what) {
        long len = in.getLong();
        if (len >= 0xffffffffL && what.equals("objective name")) {
            in.getInt(); // pre-0.6 models wrote the length shifted by 32 bits and a gap
            len = len >>> 32;
        }
        if (len < 0 || len > (what.startsWith("attribute") ? in.remaining() : MAX_NAME)) {
            throw new CorruptArtifactException(source + ": the binary model's " + what + " has length " + len
                    + " at byte " + (in.position() - 8) + " (corrupt or not an XGBoost model)");
        }
        need(len, what);
        byte[] b = new byte[(int) len];
        in.get(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    private float[] floatVector(String what) {
        long n = count(what, 4);
        float[] out = new float[(int) n];
        for (int i = 0; i < n; i++) {
            out[i] = in.getFloat();
        }
        return out;
    }

    /** A uint64 element count whose elements (at least {@code minBytes} each) must fit in what is left. */
    private long count(String what, int minBytes) {
        long n = in.getLong();
        if (n < 0 || n > in.remaining() / minBytes) {
            throw new CorruptArtifactException(source + ": the binary model's " + what + " claims " + n
                    + " elements but only " + in.remaining() + " bytes remain (truncated or corrupt)");
        }
        return n;
    }

    private void need(long bytes, String what) {
        if (bytes > in.remaining()) {
            throw new CorruptArtifactException(source + ": unexpected end of input reading " + what + " at byte "
                    + in.position() + " (the binary model is truncated)");
        }
    }

    private void skip(int bytes, String what) {
        need(bytes, what);
        in.position(in.position() + bytes);
    }

    private static DocValues.Num num(double v) {
        return new DocValues.Num(v, (float) v);
    }

    private static DocValues.NumArray nums(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return new DocValues.NumArray(f, d);
    }
}
