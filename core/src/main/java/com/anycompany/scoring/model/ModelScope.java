package com.anycompany.scoring.model;

import java.util.Locale;

/** Which model scored a row: the client's own, or the global one (the client has none). */
public enum ModelScope {
    CLIENT, GLOBAL;

    /** As written in output rows ({@code model_scope}): "client" or "global". */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
