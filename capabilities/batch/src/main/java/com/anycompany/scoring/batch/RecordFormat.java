package com.anycompany.scoring.batch;

import java.util.Locale;

/** Input record formats, judged from the file name; a ".gz" suffix means gzip around either. */
public enum RecordFormat {
    CSV, JSON_LINES;

    public static RecordFormat ofName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.endsWith(".gz")) {
            n = n.substring(0, n.length() - 3);
        }
        if (n.endsWith(".csv")) {
            return CSV;
        }
        if (n.endsWith(".jsonl") || n.endsWith(".ndjson") || n.endsWith(".json")) {
            return JSON_LINES;
        }
        throw new IllegalArgumentException("cannot tell the format of '" + name + "': name it .csv or .jsonl "
                + "(optionally .gz)");
    }

    public static boolean gzipped(String name) {
        return name.toLowerCase(Locale.ROOT).endsWith(".gz");
    }
}
