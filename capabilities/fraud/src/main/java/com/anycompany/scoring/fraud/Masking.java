package com.anycompany.scoring.fraud;

import com.anycompany.scoring.privacy.Redaction;

/** Masks values in record errors before they are logged: the shared rule, {@link Redaction}. */
public final class Masking {
    private Masking() {
    }

    public static String mask(String message) {
        return Redaction.redact(message);
    }
}
