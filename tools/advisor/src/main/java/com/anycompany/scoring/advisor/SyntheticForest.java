package com.anycompany.scoring.advisor;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Generates an XGBoost JSON model (gbtree, binary:logistic) of a given shape: {@code trees} full binary trees of
 * {@code depth} levels over {@code features} features, with random split features and thresholds in [0, 1) and a fixed
 * seed. It is the stand-in the advisor measures when a profile names a model's shape but not its artifact. Every
 * root-to-leaf path has the full depth, so it is a slightly pessimistic stand-in for a trained model of that
 * max_depth (whose trees are often shallower on some branches).
 */
public final class SyntheticForest {
    /** Larger forests are refused: measure the real artifact instead (model.artifact). */
    public static final long MAX_NODES = 4_000_000;

    private SyntheticForest() {
    }

    public static List<String> featureNames(int features) {
        List<String> names = new ArrayList<>(features);
        for (int i = 0; i < features; i++) {
            names.add("f" + i);
        }
        return names;
    }

    public static byte[] json(int trees, int depth, int features, long seed) {
        if (trees < 1 || depth < 1 || features < 1) {
            throw new IllegalArgumentException("trees, depth and features must be positive (got " + trees + ", "
                    + depth + ", " + features + ")");
        }
        long nodesPerTree = (1L << (depth + 1)) - 1;
        if (depth > 20 || nodesPerTree * trees > MAX_NODES) {
            throw new ProfileException("a forest of " + trees + " full trees of depth " + depth + " has "
                    + (depth > 20 ? "over a million nodes per tree" : nodesPerTree * trees + " nodes")
                    + ", too many to generate (limit " + MAX_NODES + "); set model.artifact to the real model");
        }
        int n = (int) nodesPerTree;
        int internal = (n - 1) / 2;
        Random rnd = new Random(seed);
        StringBuilder sb = new StringBuilder((int) Math.min(Integer.MAX_VALUE - 16, 64L * n * trees + 1024));
        sb.append("{\"version\":[2,1,0],\"learner\":{\"attributes\":{},\"feature_names\":[");
        for (int f = 0; f < features; f++) {
            sb.append(f == 0 ? "" : ",").append("\"f").append(f).append('"');
        }
        sb.append("],\"feature_types\":[");
        for (int f = 0; f < features; f++) {
            sb.append(f == 0 ? "\"float\"" : ",\"float\"");
        }
        sb.append("],\"learner_model_param\":{\"base_score\":\"5E-1\",\"num_class\":\"0\",\"num_feature\":\"")
                .append(features).append("\",\"num_target\":\"1\"},")
                .append("\"objective\":{\"name\":\"binary:logistic\",\"reg_loss_param\":{\"scale_pos_weight\":\"1\"}},")
                .append("\"gradient_booster\":{\"name\":\"gbtree\",\"model\":{\"gbtree_model_param\":")
                .append("{\"num_parallel_tree\":\"1\",\"num_trees\":\"").append(trees).append("\"},\"tree_info\":[");
        for (int t = 0; t < trees; t++) {
            sb.append(t == 0 ? "0" : ",0");
        }
        sb.append("],\"trees\":[");
        for (int t = 0; t < trees; t++) {
            sb.append(t == 0 ? "" : ",").append("{\"id\":").append(t).append(",\"tree_param\":{\"num_feature\":\"")
                    .append(features).append("\",\"num_nodes\":\"").append(n).append("\",\"size_leaf_vector\":\"1\"}");
            sb.append(",\"left_children\":[");
            for (int i = 0; i < n; i++) {
                sb.append(i == 0 ? "" : ",").append(i < internal ? 2 * i + 1 : -1);
            }
            sb.append("],\"right_children\":[");
            for (int i = 0; i < n; i++) {
                sb.append(i == 0 ? "" : ",").append(i < internal ? 2 * i + 2 : -1);
            }
            sb.append("],\"split_indices\":[");
            for (int i = 0; i < n; i++) {
                sb.append(i == 0 ? "" : ",").append(i < internal ? rnd.nextInt(features) : 0);
            }
            sb.append("],\"split_conditions\":[");
            for (int i = 0; i < n; i++) {
                float v = i < internal ? rnd.nextFloat() : (rnd.nextFloat() - 0.5f) * 0.2f;
                sb.append(i == 0 ? "" : ",").append(v);
            }
            sb.append("],\"default_left\":[");
            for (int i = 0; i < n; i++) {
                sb.append(i == 0 ? "" : ",").append(i < internal && rnd.nextBoolean() ? 1 : 0);
            }
            sb.append("],\"split_type\":[");
            for (int i = 0; i < n; i++) {
                sb.append(i == 0 ? "0" : ",0");
            }
            sb.append("]}");
        }
        sb.append("]}}}}");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }
}
