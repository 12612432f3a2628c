package com.anycompany.scoring.local.privacy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * Personal data planted by the privacy canary tests: names, SSNs, IBANs and salaries that must never come out of a
 * log line, an EMF metric, a report or an error message. {@link #capture} runs a path with stdout and stderr (where
 * the functions' JSON logs and EMF metrics go, as in Lambda) captured; {@link #found} lists the canaries a text holds.
 * PrivacyCanaryTest (this module's tests) is the one table of every input type and path and the test that runs it.
 */
public final class Canaries {
    public static final String NAME = "Zebulon Quagmirewick";
    public static final String NAME_2 = "Philomena Crankshaftova";
    public static final String SSN = "078-05-1120";
    public static final String IBAN = "DE89370400440532013000";
    public static final String SALARY = "187654.32";
    public static final String SALARY_TEXT = "187,654.32";
    /** Every canary, and the parts a leak could show on its own. */
    public static final List<String> ALL = List.of(NAME, NAME_2, SSN, IBAN, SALARY, SALARY_TEXT,
            "Zebulon", "Quagmirewick", "Philomena", "Crankshaftova", "0532013000", "187654", "187,654", "05-1120");

    private Canaries() {
    }

    /** An upload's file name made of personal data, as people name their scans: {@code Zebulon_Quagmirewick_<SSN>_<salary><suffix>}. */
    public static String fileName(String suffix) {
        return NAME.replace(' ', '_') + "_" + SSN + "_" + SALARY + suffix;
    }

    /** The canaries {@code text} contains (case-insensitive); empty when none leaked. */
    public static List<String> found(String text) {
        List<String> out = new ArrayList<>();
        String lower = text == null ? "" : text.toLowerCase(Locale.ROOT);
        for (String c : ALL) {
            if (lower.contains(c.toLowerCase(Locale.ROOT))) {
                out.add(c);
            }
        }
        return out;
    }

    /** What a path wrote to stdout and stderr, its result, and the message chain of what it threw. */
    public record Captured<T>(String output, T result, Throwable error) {
        public String everything() {
            StringBuilder sb = new StringBuilder(output);
            for (Throwable t = error; t != null; t = t.getCause()) {
                sb.append('\n').append(t);
            }
            return sb.toString();
        }
    }

    public static <T> Captured<T> capture(Callable<T> path) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream both = new PrintStream(buffer, true, StandardCharsets.UTF_8);
        System.setOut(both);
        System.setErr(both);
        try {
            T result = path.call();
            both.flush();
            return new Captured<>(buffer.toString(StandardCharsets.UTF_8), result, null);
        } catch (Exception | Error e) {
            both.flush();
            return new Captured<>(buffer.toString(StandardCharsets.UTF_8), null, e);
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }
}
