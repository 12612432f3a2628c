package com.anycompany.scoring.fraud;

import java.util.regex.Pattern;

/** Masks values quoted in record errors before they are logged: field names stay, personal values do not. */
public final class Masking {
    private static final Pattern QUOTED = Pattern.compile("\\(\"[^)]*\"\\)");
    private static final Pattern VALUE = Pattern.compile("' is -?[0-9][0-9.eE+-]*");
    private static final Pattern GOT = Pattern.compile("got -?[0-9][0-9.eE+-]*");

    private Masking() {
    }

    public static String mask(String message) {
        String s = QUOTED.matcher(message).replaceAll("(\"***\")");
        s = VALUE.matcher(s).replaceAll("' is ***");
        return GOT.matcher(s).replaceAll("got ***");
    }
}
