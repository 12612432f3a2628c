package com.anycompany.scoring.feature;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Column positions by name, built once per file. A leading UTF-8 BOM and surrounding spaces are ignored. */
public final class CsvHeader {
    private final List<String> names;
    private final Map<String, Integer> index = new HashMap<>();

    public CsvHeader(List<String> columns) {
        this.names = columns.stream().map(CsvHeader::clean).toList();
        for (int i = 0; i < names.size(); i++) {
            if (index.putIfAbsent(names.get(i), i) != null) {
                throw new IllegalArgumentException("the CSV header names column '" + names.get(i) + "' twice");
            }
        }
    }

    private static String clean(String s) {
        String t = s.startsWith("\uFEFF") ? s.substring(1) : s;
        return t.trim();
    }

    public int indexOf(String name) {
        Integer i = index.get(name);
        return i == null ? -1 : i;
    }

    public List<String> names() {
        return names;
    }

    public int size() {
        return names.size();
    }
}
