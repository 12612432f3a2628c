package com.anycompany.scoring.engine;

import com.anycompany.scoring.model.DocNode;
import com.anycompany.scoring.model.ModelLimits;

import java.util.List;
import java.util.Optional;

/**
 * Reads XGBoost's JSON model schema (1.x to 3.x; same tree in UBJSON) into the flat arrays of a
 * {@link JavaCompiledModel}, validating every index so that evaluation can never go out of bounds.
 */
final class XgbTreeModelLoader {
    private static final String USE_REFERENCE = "; score it with the xgboost4j engine instead";
    private static final int MAX_FEATURES = 1 << 24;
    private static final int MAX_GROUPS = 1 << 16;

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
            throw new UnsupportedModelException(source + ": objective '" + objectiveName
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
        for (int i = 0; i < featureTypes.size(); i++) {
            if (featureTypes.get(i).equals("c")) {
                String name = i < featureNames.size() ? featureNames.get(i) : "f" + i;
                throw new UnsupportedModelException(source + ": feature '" + name + "' is categorical (feature_types"
                        + " \"c\"); the java engine evaluates numeric splits only; retrain with numeric (one-hot or"
                        + " ordinal) encoding" + USE_REFERENCE);
            }
        }
        int bestIteration = learner.opt("attributes").flatMap(a -> a.opt("best_iteration"))
                .map(n -> n.asInt(0, Integer.MAX_VALUE)).orElse(-1);

        DocNode booster = learner.get("gradient_booster");
        String boosterName = booster.get("name").asString();
        switch (boosterName) {
            case "gbtree" -> { }
            case "dart" -> throw new UnsupportedModelException(source + ": the booster is dart, whose predictions"
                    + " weight each tree by its dropout weight; the java engine supports gbtree only; retrain with"
                    + " booster=gbtree" + USE_REFERENCE);
            case "gblinear" -> throw new UnsupportedModelException(source + ": the booster is gblinear (a linear"
                    + " model); the java engine supports tree models (gbtree) only" + USE_REFERENCE);
            default -> throw new UnsupportedModelException(source + ": unknown booster '" + boosterName
                    + "'; the java engine supports gbtree only" + USE_REFERENCE);
        }
        DocNode model = booster.get("model");
        Optional<DocNode> enc = model.opt("cats").flatMap(c -> c.opt("enc"));
        if (enc.isPresent() && enc.get().isArray() && enc.get().size() > 0) {
            throw new UnsupportedModelException(source + ": the model carries a categorical encoder"
                    + " (gradient_booster.model.cats); categorical features are not supported by the java engine"
                    + USE_REFERENCE);
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

        Forest.Builder forest = new Forest.Builder(nTrees);
        for (int t = 0; t < nTrees; t++) {
            addTree(source, trees.at(t), numFeatures, forest);
        }

        if (baseScore.length != 1 && baseScore.length != groups) {
            throw lmp.get("base_score").fail("has " + baseScore.length + " values for " + groups + " outputs");
        }
        // XGBoost 1.x converted binary:logitraw's base_score with the logit; 2.0 and later use it as the margin.
        Objective.Link link = objective == Objective.LOGIT_RAW && majorVersion(root) == 1 ? Objective.Link.LOGIT
                : objective.link();
        float[] baseMargin = new float[groups];
        for (int g = 0; g < groups; g++) {
            float b = baseScore[baseScore.length == 1 ? 0 : g];
            baseMargin[g] = Objective.toMargin(link, b);
            if (!Float.isFinite(baseMargin[g])) {
                throw lmp.get("base_score").fail("value " + b + " is invalid for objective " + objectiveName
                        + " (its margin is " + baseMargin[g] + ")");
            }
        }
        return new JavaCompiledModel(new JavaCompiledModel.Meta(source, objectiveName, objective, numFeatures, numClass,
                groups, baseScore, baseMargin, featureNames, featureTypes, bestIteration, numParallelTree),
                forest.build(treeGroup, iterationIndptr), 0, 0);
    }

    /** XGBoost major version that wrote the model, from the top-level "version" array; 0 when absent. */
    private static int majorVersion(DocNode root) {
        Optional<DocNode> version = root.opt("version");
        if (version.isEmpty() || !version.get().isArray() || version.get().size() == 0) {
            return 0;
        }
        return version.get().at(0).asInt(0, 1000);
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

    private static void addTree(String source, DocNode tree, int numFeatures, Forest.Builder forest) {
        Optional<DocNode> param = tree.opt("tree_param");
        if (param.isPresent()) {
            int leafVector = param.get().opt("size_leaf_vector").map(n -> n.asInt(0, Integer.MAX_VALUE)).orElse(1);
            if (leafVector > 1) {
                throw new UnsupportedModelException(source + ": " + tree.path() + " is a multi-target tree"
                        + " (size_leaf_vector " + leafVector + ", multi_strategy=multi_output_tree); the java engine"
                        + " supports one output per tree only" + USE_REFERENCE);
            }
        }
        Optional<DocNode> splitType = tree.opt("split_type");
        if (splitType.isPresent()) {
            int[] types = splitType.get().asIntArray(0, 255);
            for (int i = 0; i < types.length; i++) {
                if (types[i] != 0) {
                    throw new UnsupportedModelException(source + ": " + tree.path() + " node " + i
                            + " is a categorical split; the java engine evaluates numeric splits only; retrain with"
                            + " numeric encoding" + USE_REFERENCE);
                }
            }
        }
        Optional<DocNode> catNodes = tree.opt("categories_nodes");
        if (catNodes.isPresent() && catNodes.get().isArray() && catNodes.get().size() > 0) {
            throw new UnsupportedModelException(source + ": " + tree.path() + " has categorical splits; the java"
                    + " engine evaluates numeric splits only" + USE_REFERENCE);
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
            for (int c : new int[] {left[i], right[i]}) {
                if (seen[c]) {
                    throw tree.fail("node " + c + " is reached twice (the tree has a cycle or shared node)");
                }
                seen[c] = true;
                stack[sp++] = c;
            }
        }
        Optional<DocNode> hess = tree.opt("sum_hessian");
        float[] cover = hess.isPresent() && hess.get().size() == n ? hess.get().asFloatArray() : null;
        forest.addTree(left, right, feature, cond, defaultLeft, cover);
    }

    private static DocNode sameLength(DocNode tree, String key, int n) {
        DocNode node = tree.get(key);
        if (node.size() != n) {
            throw node.fail("has " + node.size() + " entries but left_children has " + n);
        }
        return node;
    }
}
