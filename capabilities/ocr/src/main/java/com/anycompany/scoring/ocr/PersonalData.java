package com.anycompany.scoring.ocr;

import com.anycompany.scoring.privacy.Redaction;


/**
 * Masks personal data in text that may be logged, by the shared rule {@link Redaction}: SSNs keep their last four
 * digits ({@code ***-**-1234}), EINs, IBANs and other long digit runs are starred, currency amounts become
 * {@code $***}, quoted values {@code "***"}. What the pipeline logs by construction (ids, codes, counts, reasons)
 * holds no values in the first place.
 */
public final class PersonalData {
    private PersonalData() {
    }

    public static String mask(String text) {
        return Redaction.redact(text);
    }

    /** An SSN as it may appear in a log: {@code ***-**-1234}. */
    public static String maskSsn(String ssn) {
        return Redaction.maskSsn(ssn);
    }
}
