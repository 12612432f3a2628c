package com.anycompany.scoring.model;

import com.anycompany.scoring.ScoringException;

/**
 * An artifact or card that must not be served: truncated, corrupt, checksum mismatch, unsupported content.
 * The message names the object and what is wrong. Retrying the same object cannot help; publish a fixed version.
 */
public final class CorruptArtifactException extends ScoringException {
    public CorruptArtifactException(String message) {
        super(message);
    }

    public CorruptArtifactException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public boolean retryable() {
        return false;
    }
}
