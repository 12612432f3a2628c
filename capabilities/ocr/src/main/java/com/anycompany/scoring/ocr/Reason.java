package com.anycompany.scoring.ocr;

/**
 * Why a document goes to review (or why an optional field was dropped): the field (null for the whole document), a
 * stable code ({@code missing}, {@code low_confidence}, {@code invalid_ssn}, {@code rule}, …) and a message a
 * reviewer can act on. Messages never contain the document's values, so reasons may be logged.
 */
public record Reason(String field, String code, String message) {
    @Override
    public String toString() {
        return (field == null ? "" : field + ": ") + message;
    }
}
