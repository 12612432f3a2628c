package com.anycompany.scoring.rollout;

/**
 * Someone else changed {@code aliases.json} between our read and our write (the conditional write was refused).
 * Nothing was written; re-read the aliases and decide again.
 */
public final class AliasConflictException extends RuntimeException {
    public AliasConflictException(String message) {
        super(message);
    }
}
