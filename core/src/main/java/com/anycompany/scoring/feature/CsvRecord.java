package com.anycompany.scoring.feature;

import java.util.List;

/** A CSV row under its header. Cells beyond the row's end are absent; an empty cell is missing. */
public record CsvRecord(CsvHeader header, List<String> cells) implements RecordView {
    @Override
    public Object get(String field) {
        int i = header.indexOf(field);
        return i < 0 || i >= cells.size() ? null : cells.get(i);
    }
}
