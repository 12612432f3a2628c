package com.anycompany.scoring.engine;

import com.anycompany.scoring.model.CorruptArtifactException;
import com.anycompany.scoring.model.ModelArtifact;

/** Turns a model artifact into a {@link CompiledModel}. Found by name through {@link Engines}. */
public interface Engine {
    String name();

    /**
     * Compiles the artifact. Throws {@link CorruptArtifactException} naming the artifact and the problem when it cannot
     * be parsed, or {@link UnsupportedModelException} when it parses but cannot be evaluated exactly by this engine.
     */
    CompiledModel compile(ModelArtifact artifact);
}
