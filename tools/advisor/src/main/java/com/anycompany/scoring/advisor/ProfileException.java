package com.anycompany.scoring.advisor;

/** A model profile that cannot be used; the message names the file and the field to fix. */
public final class ProfileException extends IllegalArgumentException {
    public ProfileException(String message) {
        super(message);
    }
}
