package com.anycompany.scoring.serving;

/**
 * A request this server will not answer as sent: the HTTP status (4xx) and a message telling the caller what to fix.
 * Never retryable. Messages may echo a field name or the caller's own value back, never anything else.
 */
public final class BadRequestException extends RuntimeException {
    private final int status;

    public BadRequestException(int status, String message) {
        super(message, null, false, false);
        if (status < 400 || status > 499) {
            throw new IllegalArgumentException("a bad request is a 4xx, not " + status);
        }
        this.status = status;
    }

    public static BadRequestException invalid(String message) {
        return new BadRequestException(400, message);
    }

    public int status() {
        return status;
    }
}
