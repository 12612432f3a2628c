package com.anycompany.scoring.feature;

import java.util.ArrayList;
import java.util.List;

/**
 * Headerless CSV (SageMaker's {@code text/csv} contract: features by position, no header line) for models without
 * feature names, whose features are the positions {@code f0 .. f(n-1)} (what XGBoost names them and what the derived
 * card lists). Decides from a CSV's first line whether it is a header or already a data line, and refuses the two
 * mix-ups with a message saying what to change.
 */
public final class PositionalColumns {
    private PositionalColumns() {
    }

    /** True when {@code names} are exactly f0, f1, ... f(n-1): a model trained without feature names. */
    public static boolean arePositional(List<String> names) {
        for (int i = 0; i < names.size(); i++) {
            if (!names.get(i).equals("f" + i)) {
                return false;
            }
        }
        return !names.isEmpty();
    }

    /** f0 .. f(n-1). */
    public static List<String> names(int n) {
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add("f" + i);
        }
        return out;
    }

    /** True when every cell is a number or blank: a data line, not a header. */
    public static boolean isDataLine(List<String> cells) {
        for (String c : cells) {
            String t = c.strip();
            if (t.isEmpty()) {
                continue;
            }
            try {
                Double.parseDouble(t);
            } catch (NumberFormatException e) {
                return false;
            }
        }
        return !cells.isEmpty();
    }

    /**
     * The header to read a CSV with, given its first line: null when that line is the header (read it as usual), or
     * the positional names f0..f(n-1) when the file is headerless and the model reads features by position (the first
     * line is then the first record). Throws {@link IllegalArgumentException} for a header-vs-position mix-up.
     */
    public static CsvHeader headerlessHeader(List<String> firstLine, List<String> featureNames, String model) {
        boolean data = isDataLine(firstLine);
        if (arePositional(featureNames)) {
            if (data) {
                return new CsvHeader(featureNames);
            }
            if (!firstLine.stream().map(String::strip).toList().containsAll(featureNames)) {
                throw new IllegalArgumentException("model " + model + " has no feature names: it reads its "
                        + featureNames.size() + " features by position (f0.." + "f" + (featureNames.size() - 1)
                        + ", as SageMaker's built-in XGBoost trains on headerless CSV), but the CSV starts with the"
                        + " header " + firstLine + "; remove the header line so that columns are read by position,"
                        + " or name the columns f0..f" + (featureNames.size() - 1) + ", or give a card naming them");
            }
            return null;
        }
        if (data && firstLine.stream().map(String::strip).noneMatch(featureNames::contains)) {
            throw new IllegalArgumentException("the CSV has no header line (its first line is all numbers) but model "
                    + model + " reads its features by name " + featureNames + "; add a header line naming the columns"
                    + " (a headerless CSV is read by position only for models without feature names, f0..fN)");
        }
        return null;
    }
}
