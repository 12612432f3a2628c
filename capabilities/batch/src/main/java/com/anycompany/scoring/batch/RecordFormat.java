package com.anycompany.scoring.batch;

import com.anycompany.scoring.records.RecordReader;

/** Input record formats, judged from the file name by the one record reader; a ".gz" suffix means gzip around either. */
public enum RecordFormat {
    CSV, JSON_LINES;

    public static RecordFormat ofName(String name) {
        return valueOf(RecordReader.Format.ofName(name).name());
    }

    public static boolean gzipped(String name) {
        return RecordReader.Format.gzipped(name);
    }
}
