package com.anycompany.scoring.rollout;

import com.anycompany.scoring.records.RecordReader;
import com.anycompany.scoring.feature.CsvHeader;
import com.anycompany.scoring.feature.CsvRecord;
import com.anycompany.scoring.feature.RecordView;
import com.anycompany.scoring.model.FeatureSpec;
import com.anycompany.scoring.model.FeatureType;
import com.anycompany.scoring.model.InvalidRecordException;
import com.anycompany.scoring.model.LoadedModel;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The golden set of a model version, {@code models/<name>/<version>/golden.csv}: input rows (the card's features,
 * empty cell = missing) and the outputs the version must give for them ({@code expected_0 … expected_{k-1}}).
 * Written at publish time from the model itself; the pre-traffic gate and {@code ./scoring models promote} replay it.
 */
public record GoldenSet(List<String> features, int outputs, List<Row> rows) {
    public static final String FILE = "golden.csv";
    public static final String EXPECTED = "expected_";

    public record Row(List<String> cells, float[] expected) {
    }

    public GoldenSet {
        features = List.copyOf(features);
        rows = List.copyOf(rows);
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("a golden set needs at least one row");
        }
    }

    /** Scores {@code records} with {@code model} and keeps the first {@code max} rows that map. */
    public static GoldenSet generate(LoadedModel model, List<? extends RecordView> records, int max) {
        List<FeatureSpec> specs = model.schema().specs();
        int k = model.compiled().numOutputs();
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < records.size() && rows.size() < max; i++) {
            float[] x;
            try {
                x = model.schema().map(records.get(i), "golden row " + i);
            } catch (InvalidRecordException e) {
                continue;
            }
            float[] out = new float[k];
            model.compiled().predict(x, out);
            List<String> cells = new ArrayList<>(x.length);
            for (int c = 0; c < x.length; c++) {
                cells.add(cell(specs.get(c), x[c]));
            }
            rows.add(new Row(cells, out));
        }
        return new GoldenSet(model.card().featureNames(), k, rows);
    }

    private static String cell(FeatureSpec spec, float v) {
        if (Float.isNaN(v)) {
            return "";
        }
        if (spec.type() == FeatureType.BOOL || (v == Math.rint(v) && Math.abs(v) < 1e7)) {
            return Long.toString((long) v);
        }
        return Float.toString(v);
    }

    /** Row {@code i} as a record the feature schema can map. */
    public RecordView record(int i) {
        return new CsvRecord(new CsvHeader(features), rows.get(i).cells());
    }

    /** Row {@code i} as a JSON object (numbers; missing values left out) plus {@code extra} fields first. */
    public Map<String, Object> json(int i, Map<String, Object> extra) {
        Map<String, Object> m = new LinkedHashMap<>(extra);
        List<String> cells = rows.get(i).cells();
        for (int c = 0; c < features.size(); c++) {
            String s = cells.get(c);
            if (!s.isEmpty()) {
                double d = Double.parseDouble(s);
                m.put(features.get(c), d == Math.rint(d) && Math.abs(d) < 1e15 ? (Object) (long) d : (Object) d);
            }
        }
        return m;
    }

    public int size() {
        return rows.size();
    }

    public byte[] toCsv() {
        StringBuilder b = new StringBuilder();
        b.append(String.join(",", features));
        for (int o = 0; o < outputs; o++) {
            b.append(',').append(EXPECTED).append(o);
        }
        b.append('\n');
        for (Row r : rows) {
            b.append(String.join(",", r.cells()));
            for (float e : r.expected()) {
                b.append(',').append(Float.toString(e));
            }
            b.append('\n');
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Parses golden.csv; {@code source} names it in errors. */
    public static GoldenSet parse(String source, byte[] csv) {
        try (RecordReader reader = new RecordReader(new StringReader(new String(csv, StandardCharsets.UTF_8)),
                RecordReader.Format.CSV, RecordReader.Limits.DEFAULT)) {
            List<String> header = cells(source, reader.next());
            if (header == null) {
                throw new IllegalArgumentException(source + " is empty; expected a header of features and "
                        + EXPECTED + "0..");
            }
            int firstExpected = -1;
            for (int c = 0; c < header.size(); c++) {
                if (header.get(c).startsWith(EXPECTED)) {
                    firstExpected = c;
                    break;
                }
            }
            if (firstExpected < 1) {
                throw new IllegalArgumentException(source + ": the header needs feature columns followed by "
                        + EXPECTED + "0 (one column per model output)");
            }
            int k = header.size() - firstExpected;
            List<Row> rows = new ArrayList<>();
            for (RecordReader.Record r = reader.next(); r != null; r = reader.next()) {
                List<String> line = cells(source, r);
                if (line.size() != header.size()) {
                    throw new IllegalArgumentException(source + " line " + r.line() + ": "
                            + line.size() + " cells, the header has " + header.size());
                }
                float[] e = new float[k];
                for (int o = 0; o < k; o++) {
                    try {
                        e[o] = Float.parseFloat(line.get(firstExpected + o));
                    } catch (NumberFormatException ex) {
                        throw new IllegalArgumentException(source + " line " + r.line() + ": "
                                + header.get(firstExpected + o) + " is not a number");
                    }
                }
                rows.add(new Row(List.copyOf(line.subList(0, firstExpected)), e));
            }
            return new GoldenSet(header.subList(0, firstExpected), k, rows);
        } catch (IOException e) {
            throw new IllegalArgumentException(source + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** A golden set is read whole: a malformed line fails the set, naming the line. */
    private static List<String> cells(String source, RecordReader.Record r) {
        if (r != null && !r.ok()) {
            throw new IllegalArgumentException(source + " line " + r.line() + ": " + r.error());
        }
        return r == null ? null : r.cells();
    }
}
