package com.anycompany.scoring.ocr;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Parses and checks the text Textract read for a field into its typed value. Messages never quote the value (it
 * may be an SSN or a salary); they say what is wrong and what is expected.
 */
public final class FieldValues {
    private static final List<DateTimeFormatter> DATES = List.of(
            strict("M/d/uuuu"), strict("M-d-uuuu"), strict("uuuu-MM-dd"), strict("M.d.uuuu"), strict("M/d/uu"),
            strict("MMMM d, uuuu"), strict("MMM d, uuuu"), strict("d MMMM uuuu"), strict("MMM. d, uuuu"));
    private static final Pattern AMOUNT = Pattern.compile("-?(\\d{1,3}(,\\d{3})+|\\d+)(\\.\\d{1,2})?");
    private static final Pattern SSN = Pattern.compile("(\\d{3})[- ]?(\\d{2})[- ]?(\\d{4})");
    private static final Pattern EIN = Pattern.compile("(\\d{2})[- ]?(\\d{7})");
    /** EIN prefixes the IRS has never assigned. */
    private static final Set<String> EIN_UNASSIGNED = Set.of("00", "07", "08", "09", "17", "18", "19", "28", "29",
            "49", "69", "70", "78", "79", "89", "96", "97");

    private FieldValues() {
    }

    /** A parsed value, or why the text is not one ({@code code}: invalid_date, invalid_amount, invalid_ssn, …). */
    public record Parsed(Object value, String code, String problem) {
        static Parsed ok(Object value) {
            return new Parsed(value, null, null);
        }

        static Parsed bad(String code, String problem) {
            return new Parsed(null, code, problem);
        }

        public boolean valid() {
            return problem == null;
        }
    }

    public static Parsed parse(FieldSpec spec, String raw) {
        String text = raw == null ? "" : raw.strip();
        if (text.isEmpty()) {
            return Parsed.bad("empty", "is empty");
        }
        Parsed p = switch (spec.type()) {
            case STRING -> Parsed.ok(text.replaceAll("\\s+", " "));
            case CHOICE -> Parsed.ok(text);
            case DATE -> date(text);
            case CURRENCY -> amount(text);
            case NUMBER -> number(text);
            case SSN -> ssn(text);
            case EIN -> ein(text);
            case PHONE -> phone(text);
        };
        return p.valid() ? bounds(spec, p) : p;
    }

    private static Parsed date(String text) {
        String t = text.replaceAll("\\s+", " ");
        for (DateTimeFormatter f : DATES) {
            try {
                return Parsed.ok(LocalDate.parse(t, f));
            } catch (DateTimeParseException e) {
                // next format
            }
        }
        return Parsed.bad("invalid_date", "is not a date (expected e.g. 7/25/2008, 2008-07-25 or July 25, 2008)");
    }

    private static Parsed amount(String text) {
        String t = text.replace("USD", "").replace("$", "").replace("*", "").replace(" ", "").replace("+", "");
        boolean negative = t.startsWith("(") && t.endsWith(")");
        if (negative) {
            t = "-" + t.substring(1, t.length() - 1);
        }
        if (!AMOUNT.matcher(t).matches()) {
            return Parsed.bad("invalid_amount", "is not a currency amount (expected e.g. $1,234.56)");
        }
        return Parsed.ok(new BigDecimal(t.replace(",", "")).setScale(2, RoundingMode.UNNECESSARY));
    }

    private static Parsed number(String text) {
        String t = text.replace(",", "").replace(" ", "");
        try {
            return Parsed.ok(new BigDecimal(t));
        } catch (NumberFormatException e) {
            return Parsed.bad("invalid_number", "is not a number");
        }
    }

    private static Parsed ssn(String text) {
        var m = SSN.matcher(text);
        if (!m.matches()) {
            return Parsed.bad("invalid_ssn", "is not an SSN (expected 9 digits, e.g. 123-45-6789)");
        }
        String area = m.group(1);
        if (area.equals("000") || area.equals("666") || area.charAt(0) == '9') {
            return Parsed.bad("invalid_ssn", "is not a valid SSN: area numbers 000, 666 and 900-999 are never issued");
        }
        if (m.group(2).equals("00") || m.group(3).equals("0000")) {
            return Parsed.bad("invalid_ssn", "is not a valid SSN: group 00 and serial 0000 are never issued");
        }
        return Parsed.ok(area + "-" + m.group(2) + "-" + m.group(3));
    }

    private static Parsed ein(String text) {
        var m = EIN.matcher(text);
        if (!m.matches()) {
            return Parsed.bad("invalid_ein", "is not an EIN (expected 9 digits, e.g. 12-3456789)");
        }
        if (EIN_UNASSIGNED.contains(m.group(1))) {
            return Parsed.bad("invalid_ein", "is not a valid EIN: its two-digit prefix is never assigned by the IRS");
        }
        return Parsed.ok(m.group(1) + "-" + m.group(2));
    }

    private static Parsed phone(String text) {
        String digits = text.replaceAll("[^0-9]", "");
        if (digits.length() == 11 && digits.startsWith("1")) {
            digits = digits.substring(1);
        }
        if (digits.length() == 10) {
            return Parsed.ok(digits.substring(0, 3) + "-" + digits.substring(3, 6) + "-" + digits.substring(6));
        }
        if (digits.length() == 7) {
            return Parsed.ok(digits.substring(0, 3) + "-" + digits.substring(3));
        }
        return Parsed.bad("invalid_phone", "is not a phone number (expected 7 or 10 digits)");
    }

    private static Parsed bounds(FieldSpec spec, Parsed p) {
        Object v = p.value();
        if (v instanceof BigDecimal d) {
            if (spec.min() != null && d.compareTo(new BigDecimal(spec.min())) < 0) {
                return Parsed.bad("out_of_range", "is below the minimum " + spec.min());
            }
            if (spec.max() != null && d.compareTo(new BigDecimal(spec.max())) > 0) {
                return Parsed.bad("out_of_range", "is above the maximum " + spec.max());
            }
        } else if (v instanceof LocalDate d) {
            if (spec.min() != null && d.isBefore(LocalDate.parse(spec.min()))) {
                return Parsed.bad("out_of_range", "is before " + spec.min());
            }
            if (spec.max() != null && d.isAfter(LocalDate.parse(spec.max()))) {
                return Parsed.bad("out_of_range", "is after " + spec.max());
            }
        } else if (v instanceof String s && spec.type() == FieldType.STRING && spec.pattern() != null
                && !s.matches(spec.pattern())) {
            return Parsed.bad("pattern", "does not match the expected pattern " + spec.pattern());
        }
        return p;
    }

    private static DateTimeFormatter strict(String pattern) {
        return new DateTimeFormatterBuilder().parseCaseInsensitive().appendPattern(pattern).toFormatter(Locale.US)
                .withResolverStyle(ResolverStyle.STRICT);
    }
}
