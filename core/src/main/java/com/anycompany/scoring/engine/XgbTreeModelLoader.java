package com.anycompany.scoring.engine;

import com.anycompany.scoring.model.CorruptArtifactException;
import com.anycompany.scoring.model.DocNode;
import com.anycompany.scoring.model.ModelLimits;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads XGBoost's JSON model schema (1.x to 3.x; same tree in UBJSON) into the flat arrays of a
 * {@link JavaCompiledModel}, validating every index so that evaluation can never go out of bounds.
 */
final class XgbTreeModelLoader {
    private static final String USE_REFERENCE = "; score it with the xgboost4j engine instead";
    private static final int MAX_FEATURES = 1 << 24;
    private static final int MAX_GROUPS = 1 << 16;
    /** Largest category code accepted in a split (its bit set takes code / 8 bytes). */
    private static final int MAX_CATEGORY = 1 << 22;

    /**
     * Tree fields this loader never reads, left unread when parsing (see {@link DocNode#parse(
     * com.anycompany.scoring.model.ArtifactFormat.Unwrapped, Set)}): per node, the weight before the learning rate, the
     * split's gain and the parent. They are nearly a third of a model's numbers.
     */
    static final Set<String> UNREAD = Set.of("base_weights", "loss_changes", "parents");

    private XgbTreeModelLoader() {
    }

    static JavaCompiledModel load(DocNode root) {
        String source = root.source();
        DocNode learner = root.get("learner");
        DocNode lmp = learner.get("learner_model_param");
        int numFeatures = lmp.get("num_feature").asInt(0, MAX_FEATURES);
        int numClass = lmp.opt("num_class").map(n -> n.asInt(0, MAX_GROUPS)).orElse(0);
        int numTarget = lmp.opt("num_target").map(n -> n.asInt(0, MAX_GROUPS)).orElse(1);
        float[] baseScore = lmp.get("base_score").asFloatVector();

        String objectiveName = learner.get("objective").get("name").asString();
        Objective objective = Objective.forName(objectiveName);
        if (objective == null) {
            throw new UnsupportedModelException(source + ": objective '" + DocNode.shortened(objectiveName)
                    + "' is not supported by the java engine" + USE_REFERENCE);
        }
        if (numClass > 1 && numTarget > 1) {
            throw new UnsupportedModelException(source + ": models with both num_class and num_target > 1 are not"
                    + " supported by the java engine" + USE_REFERENCE);
        }
        int groups = Math.max(1, Math.max(numClass, numTarget));

        List<String> featureNames = learner.opt("feature_names").map(DocNode::asStringList).orElse(List.of());
        List<String> featureTypes = learner.opt("feature_types").map(DocNode::asStringList).orElse(List.of());
        if (!featureNames.isEmpty() && featureNames.size() != numFeatures) {
            throw learner.get("feature_names").fail("has " + featureNames.size() + " names but num_feature is "
                    + numFeatures);
        }
        int bestIteration = learner.opt("attributes").flatMap(a -> a.opt("best_iteration"))
                .map(n -> n.asInt(0, Integer.MAX_VALUE)).orElse(-1);

        DocNode booster = learner.get("gradient_booster");
        String boosterName = booster.get("name").asString();
        float[] treeWeights = null;
        DocNode model;
        switch (boosterName) {
            case "gbtree" -> {
                model = booster.get("model");
                // XGBoost 3.x folded dart into gbtree: dropout-trained models keep weight_drop in the tree model
                Optional<DocNode> weights = model.opt("weight_drop");
                if (weights.isPresent() && weights.get().size() > 0) {
                    treeWeights = weights.get().asFloatArray();
                    boosterName = "dart";
                }
            }
            case "dart" -> {
                model = booster.get("gbtree").get("model");
                treeWeights = booster.get("weight_drop").asFloatArray();
            }
            case "gblinear" -> {
                float[] baseMargin = baseMargins(root, lmp, objective, objectiveName, groups);
                // XGBoost's gblinear adds the first base margin to every output group (3.x stores one per class)
                java.util.Arrays.fill(baseMargin, baseMargin[0]);
                DocNode weights = booster.get("model").get("weights");
                float[] w = weights.asFloatArray();
                if (w.length != (numFeatures + 1) * groups) {
                    throw weights.fail("has " + w.length + " values but (num_feature + 1) x outputs is "
                            + (long) (numFeatures + 1) * groups);
                }
                return new JavaCompiledModel(new JavaCompiledModel.Meta(source, objectiveName, objective, numFeatures,
                        numClass, groups, baseScore, baseMargin, featureNames, featureTypes, -1, 1, boosterName),
                        new Forest.Builder(0).build(new int[0], new int[] {0}), new LinearModel(numFeatures, groups, w),
                        0, 0);
            }
            default -> throw new UnsupportedModelException(source + ": unknown booster '" + DocNode.shortened(boosterName)
                    + "'; the java engine supports gbtree, dart and gblinear" + USE_REFERENCE);
        }
        int numParallelTree = model.opt("gbtree_model_param").flatMap(p -> p.opt("num_parallel_tree"))
                .map(n -> n.asInt(1, MAX_GROUPS)).orElse(1);

        DocNode trees = model.get("trees");
        int nTrees = trees.size();
        ModelLimits.current().checkTrees(source, nTrees);
        Optional<DocNode> declared = model.opt("gbtree_model_param").flatMap(p -> p.opt("num_trees"));
        if (declared.isPresent() && !declared.get().isArray()) {
            long n = declared.get().asLong();
            ModelLimits.current().checkTrees(source, n);
        }
        DocNode treeInfoNode = model.get("tree_info");
        int[] treeGroup = treeInfoNode.asIntArray(0, groups - 1);
        if (treeGroup.length != nTrees) {
            throw treeInfoNode.fail("has " + treeGroup.length + " entries for " + nTrees + " trees");
        }
        int[] iterationIndptr = iterationIndptr(model, nTrees, numParallelTree * groups);

        if (treeWeights != null && treeWeights.length != nTrees) {
            throw new CorruptArtifactException(source + ": weight_drop has " + treeWeights.length + " weights for "
                    + nTrees + " trees");
        }
        DocNode[] treeNodes = new DocNode[nTrees];
        long nodes = 0;
        for (int t = 0; t < nTrees; t++) {
            treeNodes[t] = trees.at(t);
            nodes += treeNodes[t].opt("left_children").filter(DocNode::isArray).map(DocNode::size).orElse(0);
        }
        Forest.Builder forest = new Forest.Builder(nTrees, (int) Math.min(nodes, 1 << 24));
        for (int t = 0; t < nTrees; t++) {
            addTree(source, treeNodes[t], numFeatures, forest, treeWeights == null ? 1f : treeWeights[t]);
        }

        float[] baseMargin = baseMargins(root, lmp, objective, objectiveName, groups);
        return new JavaCompiledModel(new JavaCompiledModel.Meta(source, objectiveName, objective, numFeatures, numClass,
                groups, baseScore, baseMargin, featureNames, featureTypes, bestIteration, numParallelTree,
                boosterName), forest.build(treeGroup, iterationIndptr, isVersion16(root)), 0, 0);
    }

    /**
     * base_score converted to the margin the trees are added to, by the rule of the XGBoost version that wrote the
     * model: before 1.0 (binary models, version 0) it was stored as the margin already; 1.0 to 1.3 applied
     * binary:logistic's logit to binary:logitraw's base_score too (fixed in 1.4, dmlc/xgboost#6517); from 1.4 on,
     * logitraw's base_score is the margin. Other objectives use their link in every version.
     */
    private static float[] baseMargins(DocNode root, DocNode lmp, Objective objective, String objectiveName,
            int groups) {
        float[] baseScore = lmp.get("base_score").asFloatVector();
        if (baseScore.length != 1 && baseScore.length != groups) {
            throw lmp.get("base_score").fail("has " + baseScore.length + " values for " + groups + " outputs");
        }
        int[] version = version(root);
        Objective.Link link;
        if (version != null && version[0] == 0) {
            link = Objective.Link.IDENTITY;
        } else if (objective == Objective.LOGIT_RAW && version != null && version[0] == 1 && version[1] < 4) {
            link = Objective.Link.LOGIT;
        } else {
            link = objective.link();
        }
        float[] baseMargin = new float[groups];
        for (int g = 0; g < groups; g++) {
            float b = baseScore[baseScore.length == 1 ? 0 : g];
            baseMargin[g] = Objective.toMargin(link, b);
            if (!Float.isFinite(baseMargin[g])) {
                throw lmp.get("base_score").fail("value " + b + " is invalid for objective " + objectiveName
                        + " (its margin is " + baseMargin[g] + ")");
            }
        }
        return baseMargin;
    }

    private static boolean isVersion16(DocNode root) {
        int[] v = version(root);
        return v != null && v[0] == 1 && v[1] == 6;
    }

    /** [major, minor] of the XGBoost that wrote the model, from the top-level "version" array; null when absent. */
    private static int[] version(DocNode root) {
        Optional<DocNode> version = root.opt("version");
        if (version.isEmpty() || !version.get().isArray() || version.get().size() < 2) {
            return null;
        }
        return new int[] {version.get().at(0).asInt(0, 1000), version.get().at(1).asInt(0, 1000)};
    }

    private static int[] iterationIndptr(DocNode model, int nTrees, int treesPerIteration) {
        Optional<DocNode> node = model.opt("iteration_indptr");
        if (node.isPresent() && node.get().size() > 0) {
            int[] ptr = node.get().asIntArray(0, nTrees);
            boolean ok = ptr[0] == 0 && ptr[ptr.length - 1] == nTrees;
            for (int i = 1; i < ptr.length && ok; i++) {
                ok = ptr[i] >= ptr[i - 1];
            }
            if (!ok) {
                throw node.get().fail("must rise from 0 to the number of trees (" + nTrees + ")");
            }
            return ptr;
        }
        int per = Math.max(1, treesPerIteration);
        int iterations = (nTrees + per - 1) / per;
        int[] ptr = new int[iterations + 1];
        for (int i = 1; i <= iterations; i++) {
            ptr[i] = Math.min(nTrees, i * per);
        }
        return ptr;
    }

    /** Adds one tree; {@code weight} (dart's weight_drop, else 1) scales its leaves as XGBoost's dart predict does. */
    private static void addTree(String source, DocNode tree, int numFeatures, Forest.Builder forest, float weight) {
        Optional<DocNode> param = tree.opt("tree_param");
        if (param.isPresent()) {
            int leafVector = param.get().opt("size_leaf_vector").map(n -> n.asInt(0, Integer.MAX_VALUE)).orElse(1);
            if (leafVector > 1) {
                throw new UnsupportedModelException(source + ": " + tree.path() + " is a multi-target tree"
                        + " (size_leaf_vector " + leafVector + ", multi_strategy=multi_output_tree); the java engine"
                        + " supports one output per tree only" + USE_REFERENCE);
            }
        }
        DocNode leftNode = tree.get("left_children");
        int n = leftNode.size();
        if (n < 1) {
            throw leftNode.fail("is empty; every tree needs at least a root node");
        }
        int[] left = leftNode.asIntArray(-1, n - 1);
        int[] right = sameLength(tree, "right_children", n).asIntArray(-1, n - 1);
        int[] feature = sameLength(tree, "split_indices", n).asIntArray(0, Integer.MAX_VALUE);
        float[] cond = sameLength(tree, "split_conditions", n).asFloatArray();
        boolean[] defaultLeft = sameLength(tree, "default_left", n).asBoolArray();

        // Walk from the root: every reachable node is visited once (no cycles, no sharing), splits name real features.
        boolean[] seen = new boolean[n];
        int[] stack = new int[n];
        int sp = 0;
        stack[sp++] = 0;
        seen[0] = true;
        while (sp > 0) {
            int i = stack[--sp];
            boolean leaf = left[i] == -1;
            if (leaf != (right[i] == -1)) {
                throw tree.fail("node " + i + " has only one child (left " + left[i] + ", right " + right[i] + ")");
            }
            if (leaf) {
                continue;
            }
            if (feature[i] >= numFeatures) {
                throw tree.fail("node " + i + " splits on feature " + feature[i] + " but the model has "
                        + numFeatures + " features");
            }
            for (int k = 0; k < 2; k++) {
                int c = k == 0 ? left[i] : right[i];
                if (seen[c]) {
                    throw tree.fail("node " + c + " is reached twice (the tree has a cycle or shared node)");
                }
                seen[c] = true;
                stack[sp++] = c;
            }
        }
        if (weight != 1f) {
            cond = cond.clone();
            for (int i = 0; i < n; i++) {
                if (left[i] == -1) {
                    cond[i] *= weight;
                }
            }
        }
        Optional<DocNode> hess = tree.opt("sum_hessian");
        float[] cover = hess.isPresent() && hess.get().size() == n ? hess.get().asFloatArray() : null;
        forest.addTree(left, right, feature, cond, defaultLeft, cover, categories(tree, n, left));
    }

    /**
     * The category set of each categorical split (XGBoost 1.6+: split_type 1; categories_nodes lists those nodes, and
     * categories[categories_segments[k], + categories_sizes[k]) the categories of the k-th, which go right), or null
     * when the tree has none.
     */
    private static int[][] categories(DocNode tree, int n, int[] left) {
        Optional<DocNode> splitType = tree.opt("split_type");
        if (splitType.isEmpty() || splitType.get().size() == 0) {
            return null;
        }
        int[] types = sameLength(tree, "split_type", n).asIntArray(0, 1);
        boolean any = false;
        for (int t : types) {
            any |= t == 1;
        }
        if (!any) {
            return null;
        }
        int[] nodes = tree.get("categories_nodes").asIntArray(0, n - 1);
        int[] segments = tree.get("categories_segments").asIntArray(0, Integer.MAX_VALUE);
        int[] sizes = tree.get("categories_sizes").asIntArray(0, Integer.MAX_VALUE);
        DocNode catNode = tree.get("categories");
        int[] cats = catNode.asIntArray(0, MAX_CATEGORY);
        if (segments.length != nodes.length || sizes.length != nodes.length) {
            throw tree.fail("categories_nodes, categories_segments and categories_sizes differ in length ("
                    + nodes.length + ", " + segments.length + ", " + sizes.length + ")");
        }
        int[][] out = new int[n][];
        for (int k = 0; k < nodes.length; k++) {
            int node = nodes[k];
            if ((long) segments[k] + sizes[k] > cats.length) {
                throw catNode.fail("segment " + k + " [" + segments[k] + ", +" + sizes[k] + ") is beyond its "
                        + cats.length + " entries");
            }
            if (types[node] != 1 || left[node] == -1) {
                throw tree.fail("categories_nodes names node " + node + ", which is not a categorical split");
            }
            out[node] = java.util.Arrays.copyOfRange(cats, segments[k], segments[k] + sizes[k]);
        }
        for (int i = 0; i < n; i++) {
            if (types[i] == 1 && left[i] != -1 && out[i] == null) {
                out[i] = new int[0]; // XGBoost writes no segment for an empty set: every category goes left
            }
        }
        return out;
    }

    private static DocNode sameLength(DocNode tree, String key, int n) {
        DocNode node = tree.get(key);
        if (node.size() != n) {
            throw node.fail("has " + node.size() + " entries but left_children has " + n);
        }
        return node;
    }
}
