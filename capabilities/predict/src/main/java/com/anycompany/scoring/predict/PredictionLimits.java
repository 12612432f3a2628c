package com.anycompany.scoring.predict;

/**
 * What one request may carry.
 *
 * @param maxBodyBytes   largest body accepted (UTF-8 bytes); Function URLs themselves stop at 6 MB
 * @param maxRecords     most records per request
 * @param defaultReasons reasons per prediction when the request does not say ({@code "reasons": k})
 */
public record PredictionLimits(int maxBodyBytes, int maxRecords, int defaultReasons) {
    /** The most reasons a request may ask for. */
    public static final int MAX_REASONS = 10;
    public static final PredictionLimits DEFAULT = new PredictionLimits(256 * 1024, 100, 3);

    public PredictionLimits {
        if (maxBodyBytes < 1024 || maxBodyBytes > 6 * 1024 * 1024) {
            throw new IllegalArgumentException("MAX_BODY_BYTES must be within 1024 .. 6291456 (Lambda's payload "
                    + "limit), not " + maxBodyBytes);
        }
        if (maxRecords < 1 || maxRecords > 10_000) {
            throw new IllegalArgumentException("MAX_RECORDS must be within 1 .. 10000, not " + maxRecords);
        }
        if (defaultReasons < 0 || defaultReasons > MAX_REASONS) {
            throw new IllegalArgumentException("REASONS must be within 0 .. " + MAX_REASONS + ", not " + defaultReasons);
        }
    }
}
