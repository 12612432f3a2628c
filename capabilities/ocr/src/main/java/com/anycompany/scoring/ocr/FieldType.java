package com.anycompany.scoring.ocr;

/** What a field holds; decides how its text is parsed and checked (see {@link FieldValues}). */
public enum FieldType {
    STRING, DATE, CURRENCY, NUMBER, SSN, EIN, PHONE, CHOICE;

    public static FieldType of(String name) {
        try {
            return valueOf(name.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown field type '" + name + "' (types: "
                    + java.util.Arrays.toString(values()).toLowerCase(java.util.Locale.ROOT) + ")");
        }
    }

    /** Values of these types are personal data or pay: never logged unmasked. */
    public boolean sensitive() {
        return this == SSN || this == EIN || this == CURRENCY;
    }
}
