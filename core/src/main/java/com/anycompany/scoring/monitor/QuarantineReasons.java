package com.anycompany.scoring.monitor;

import com.anycompany.scoring.privacy.Redaction;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Groups quarantine reasons into a few readable kinds for reports: the line number, values (by the shared rule
 * {@link Redaction}), echoes in parentheses or brackets and numbers are taken out, so "line 7: 'amount' is 2000000, above the maximum 1000000" counts as
 * "'amount' is N, above the maximum N", and no value from a record (personal data) reaches a report. Each problem
 * of a multi-problem reason counts once. At most {@link #MAX_KINDS} kinds; the rest count as "other".
 */
public final class QuarantineReasons {
    public static final int MAX_KINDS = 40;
    private static final Pattern LINE = Pattern.compile("^line \\d+: ");
    private static final Pattern ECHO = Pattern.compile("\\s*[(\\[][^)\\]]*[)\\]]");
    private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?");

    private QuarantineReasons() {
    }

    public static String kind(String problem) {
        String s = LINE.matcher(problem.trim()).replaceFirst("");
        // the shared rule first: quoted values (whatever they contain, a ')' too) and personal data are gone
        s = Redaction.redact(s);
        s = ECHO.matcher(s).replaceAll("");
        s = NUMBER.matcher(s).replaceAll("N").replace("$***", "N").replace("***", "N").trim();
        return s.length() > 100 ? s.substring(0, 100) + "…" : s;
    }

    /** Adds one quarantined row's reason to {@code counts}. */
    public static void count(Map<String, Long> counts, String reason) {
        String body = LINE.matcher(reason.trim()).replaceFirst("");
        for (String problem : body.split("; ")) {
            String k = kind(problem);
            if (!counts.containsKey(k) && counts.size() >= MAX_KINDS) {
                k = "other";
            }
            counts.merge(k, 1L, Long::sum);
        }
    }

    public static Map<String, Long> merge(Map<String, Long> a, Map<String, Long> b) {
        Map<String, Long> out = new TreeMap<>(a == null ? Map.of() : a);
        if (b != null) {
            b.forEach((k, v) -> out.merge(out.containsKey(k) || out.size() < MAX_KINDS ? k : "other", v, Long::sum));
        }
        return out;
    }
}
