package com.anycompany.scoring.feature;

/**
 * One input record, looked up by field name: a JSON object or a CSV row under its header.
 * {@link #get} returns null when the field is absent, else a {@link String}, {@link Number}, {@link Boolean}, or
 * some other object for values that cannot be a feature (nested objects, arrays).
 */
public interface RecordView {
    Object get(String field);
}
