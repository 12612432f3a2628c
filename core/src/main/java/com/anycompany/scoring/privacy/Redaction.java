package com.anycompany.scoring.privacy;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one masking rule for every text that leaves a caller (log lines, metrics, drift.json and report.html, error
 * messages in dead-letter records): field names and the kind of problem stay, values never do.
 * <ul>
 *   <li>anything in double quotes, however it ends (an escaped quote, a parenthesis or bracket inside it, no closing
 *       quote at all) becomes {@code "***"};</li>
 *   <li>a number after "is" or "got" becomes {@code ***} ({@code 'amount' is ***, above the maximum 1000000});</li>
 *   <li>SSNs keep their last four digits ({@code ***-**-1234}), IBANs and EINs are starred, currency amounts become
 *       {@code $***}, other runs of six or more digits {@code ***}.</li>
 * </ul>
 * Messages are also written without values in the first place (a record error names the field and says what is
 * wrong with its value); this rule is the net under every path that logs or reports a message.
 */
public final class Redaction {
    private static final Pattern VALUE = Pattern.compile("(' is|\\bgot) -?[0-9](?:[0-9.eE+-]|,(?=[0-9]))*");
    private static final Pattern SSN = Pattern.compile("(?<![0-9])[0-9]{3}-[0-9]{2}-([0-9]{4})(?![0-9])");
    /** Undashed SSNs, but not digit runs inside ids such as hex job ids or docIds. */
    private static final Pattern SSN_PLAIN = Pattern.compile(
            "(?<![0-9A-Za-z])[0-9]{3} ?[0-9]{2} ?([0-9]{4})(?![0-9A-Za-z])");
    private static final Pattern IBAN = Pattern.compile("(?<![A-Za-z0-9])[A-Z]{2}[0-9]{2}(?: ?[A-Z0-9]){11,30}(?![A-Za-z0-9])");
    private static final Pattern EIN = Pattern.compile("(?<![0-9])[0-9]{2}-[0-9]{7}(?![0-9])");
    private static final Pattern AMOUNT = Pattern.compile(
            "(?:\\$|USD|EUR|€|£)\\s?-?[0-9][0-9,]*(?:\\.[0-9]{1,2})?|(?<![0-9.,])-?[0-9]{1,3}(?:,[0-9]{3})+(?:\\.[0-9]{2})?"
                    + "|(?<![0-9.,/-])-?[0-9]+\\.[0-9]{2}(?![0-9])");
    private static final Pattern LONG_DIGITS = Pattern.compile("(?<![0-9A-Za-z])[0-9]{6,}(?![0-9A-Za-z])");

    private Redaction() {
    }

    public static String redact(String text) {
        if (text == null) {
            return null;
        }
        String s = quoted(text);
        s = VALUE.matcher(s).replaceAll("$1 ***");
        s = SSN.matcher(s).replaceAll("***-**-$1");
        s = SSN_PLAIN.matcher(s).replaceAll("***-**-$1");
        s = IBAN.matcher(s).replaceAll("IBAN***");
        s = EIN.matcher(s).replaceAll("**-*******");
        s = AMOUNT.matcher(s).replaceAll(Matcher.quoteReplacement("$***"));
        return LONG_DIGITS.matcher(s).replaceAll("***");
    }

    /** Every double-quoted run, escapes honoured, up to its closing quote or the end of the text. */
    private static String quoted(String text) {
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c != '"') {
                out.append(c);
                i++;
                continue;
            }
            int j = i + 1;
            while (j < text.length() && text.charAt(j) != '"') {
                j += text.charAt(j) == '\\' ? 2 : 1;
            }
            out.append("\"***\"");
            i = j + 1;
        }
        return out.toString();
    }

    /**
     * Where a JSON parse failed, without Jackson's own message (which quotes the offending token: an unquoted name
     * such as {@code Unrecognized token 'Zebulon'}): {@code "at line 1, column 18"}.
     */
    public static String jsonLocation(com.fasterxml.jackson.core.JsonProcessingException e) {
        var at = e.getLocation();
        return at == null ? "at an unknown position" : "at line " + at.getLineNr() + ", column " + at.getColumnNr();
    }

    /** An SSN as it may appear in a log: {@code ***-**-1234}. */
    public static String maskSsn(String ssn) {
        String digits = ssn == null ? "" : ssn.replaceAll("[^0-9]", "");
        return digits.length() < 4 ? "***-**-****" : "***-**-" + digits.substring(digits.length() - 4);
    }
}
