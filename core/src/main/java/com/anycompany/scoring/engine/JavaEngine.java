package com.anycompany.scoring.engine;

import com.anycompany.scoring.ScoringException;
import com.anycompany.scoring.model.ArtifactFormat;
import com.anycompany.scoring.model.CorruptArtifactException;
import com.anycompany.scoring.model.DocNode;
import com.anycompany.scoring.model.ModelArtifact;

/**
 * The built-in, dependency-free engine: reads XGBoost JSON, UBJSON, XGBoost's binary format (0.90 to 2.x) or a
 * SageMaker model.tar.gz and compiles gbtree, dart (tree weights folded into the leaves), gblinear and categorical-split
 * models, with the category vocabulary of XGBoost 3.1+ models ({@link ModelCategories}), into a
 * {@link JavaCompiledModel} that reproduces XGBoost's CPU predictions in float32 (same accumulation
 * order, same transforms). Models it cannot evaluate exactly (vector-leaf trees, unknown objectives) are refused with
 * {@link UnsupportedModelException}.
 */
public final class JavaEngine implements Engine {
    public static final String NAME = "java";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public JavaCompiledModel compile(ModelArtifact artifact) {
        try {
            ArtifactFormat.Unwrapped doc = ArtifactFormat.unwrap(artifact);
            DocNode root = DocNode.parse(doc, XgbTreeModelLoader.UNREAD);
            JavaCompiledModel model = XgbTreeModelLoader.load(root);
            return model.withCategories(ModelCategories.read(root, model.numFeatures()));
        } catch (ScoringException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new CorruptArtifactException(artifact.source() + ": the model could not be read (" + e
                    + "); re-save it with booster.save_model(\"model.json\")", e);
        }
    }
}
