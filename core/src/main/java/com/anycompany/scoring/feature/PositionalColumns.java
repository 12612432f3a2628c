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
        String problem = mismatch(data ? names(firstLine.size()) : firstLine, featureNames, model);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        return data ? new CsvHeader(names(featureNames.size())) : null;
    }

    /**
     * Why columns named {@code columns} (f0..fK when the CSV had no header line) cannot feed a model with features
     * {@code featureNames}, or null when they can: a model without feature names needs a headerless CSV (or columns
     * named f0..fN); a model with names needs a header naming them.
     */
    public static String mismatch(List<String> columns, List<String> featureNames, String model) {
        List<String> cols = columns.stream().map(String::strip).toList();
        boolean positionalModel = arePositional(featureNames);
        if (positionalModel && !cols.containsAll(featureNames)) {
            int last = featureNames.size() - 1;
            return "model " + model + " has no feature names: it reads its " + featureNames.size()
                    + " features by position (f0..f" + last + ", as SageMaker's built-in XGBoost trains on headerless"
                    + " CSV), but the CSV starts with the header " + columns + "; remove the header line so that"
                    + " columns are read by position, or name the columns f0..f" + last + ", or give a card naming them";
        }
        if (!positionalModel && arePositional(cols) && cols.stream().noneMatch(featureNames::contains)) {
            return "the CSV has no header line (its first line is all numbers) but model " + model + " reads its"
                    + " features by name " + featureNames + "; add a header line naming the columns (a headerless"
                    + " CSV is read by position only for models without feature names, f0..fN)";
        }
        return null;
    }
}
