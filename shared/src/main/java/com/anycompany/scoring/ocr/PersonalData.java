package com.anycompany.scoring.ocr;

import java.util.regex.Pattern;

/**
 * Masks personal data in text that may be logged: SSNs keep their last four digits ({@code ***-**-1234}), EINs and
 * other long digit runs are starred, currency amounts become {@code $***}. Applied to anything derived from a
 * document before it reaches a log line; what the pipeline logs by construction (ids, codes, counts, reasons) holds
 * no values in the first place.
 */
public final class PersonalData {
    private static final Pattern SSN = Pattern.compile("(?<![0-9])[0-9]{3}-[0-9]{2}-([0-9]{4})(?![0-9])");
    /** Undashed SSNs, but not digit runs inside ids such as hex job ids or docIds. */
    private static final Pattern SSN_PLAIN = Pattern.compile(
            "(?<![0-9A-Za-z])[0-9]{3} ?[0-9]{2} ?([0-9]{4})(?![0-9A-Za-z])");
    private static final Pattern EIN = Pattern.compile("(?<![0-9])[0-9]{2}-[0-9]{7}(?![0-9])");
    private static final Pattern AMOUNT = Pattern.compile(
            "(?:\\$|USD)\\s?-?[0-9][0-9,]*(?:\\.[0-9]{1,2})?|(?<![0-9.,])-?[0-9]{1,3}(?:,[0-9]{3})+(?:\\.[0-9]{2})?"
                    + "|(?<![0-9.,/-])-?[0-9]+\\.[0-9]{2}(?![0-9])");
    private static final Pattern LONG_DIGITS = Pattern.compile("(?<![0-9A-Za-z])[0-9]{6,}(?![0-9A-Za-z])");

    private PersonalData() {
    }

    public static String mask(String text) {
        if (text == null) {
            return null;
        }
        String s = SSN.matcher(text).replaceAll("***-**-$1");
        s = SSN_PLAIN.matcher(s).replaceAll("***-**-$1");
        s = EIN.matcher(s).replaceAll("**-*******");
        s = AMOUNT.matcher(s).replaceAll("\\$***");
        return LONG_DIGITS.matcher(s).replaceAll("***");
    }

    /** An SSN as it may appear in a log: {@code ***-**-1234}. */
    public static String maskSsn(String ssn) {
        String digits = ssn == null ? "" : ssn.replaceAll("[^0-9]", "");
        return digits.length() < 4 ? "***-**-****" : "***-**-" + digits.substring(digits.length() - 4);
    }
}
