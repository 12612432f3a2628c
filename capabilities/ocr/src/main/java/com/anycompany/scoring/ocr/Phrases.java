package com.anycompany.scoring.ocr;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * How labels on a form are compared with the key phrases of a spec: lower case, no item numbering ("21.", "12A",
 * "(3)"), punctuation and apostrophes dropped, spaces collapsed. "12A. Current Gross Base Pay:" and
 * "current gross base pay" are the same label.
 */
public final class Phrases {
    private static final Pattern NUMBERING = Pattern.compile("^\\(?[0-9]{1,3}[a-z]?[.)]?\\s+");
    private static final Pattern APOSTROPHE = Pattern.compile("['’`]");
    private static final Pattern NON_WORD = Pattern.compile("[^a-z0-9]+");

    private Phrases() {
    }

    public static String normalize(String s) {
        if (s == null) {
            return "";
        }
        String t = s.toLowerCase(Locale.ROOT).strip();
        t = NUMBERING.matcher(t).replaceFirst("");
        t = APOSTROPHE.matcher(t).replaceAll("");
        return NON_WORD.matcher(t).replaceAll(" ").strip();
    }

    /** True when normalized {@code text} contains normalized {@code phrase} as a whole-word sequence. */
    public static boolean contains(String normalizedText, String normalizedPhrase) {
        if (normalizedPhrase.isEmpty()) {
            return false;
        }
        return (" " + normalizedText + " ").contains(" " + normalizedPhrase + " ");
    }
}
