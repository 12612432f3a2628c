package com.anycompany.scoring.runtime;

/** template.yaml cannot be read or resolved locally; the message names the resource and property. */
public class TemplateException extends RuntimeException {
    public TemplateException(String message) {
        super(message);
    }

    public TemplateException(String message, Throwable cause) {
        super(message, cause);
    }
}
