package com.anycompany.scoring.monitor;

import com.anycompany.scoring.records.RecordReader;
import com.anycompany.scoring.feature.CsvHeader;
import com.anycompany.scoring.feature.CsvRecord;
import com.anycompany.scoring.feature.FeatureSchema;
import com.anycompany.scoring.feature.JsonRecord;
import com.anycompany.scoring.model.InvalidRecordException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads a file of records with the one {@link RecordReader} (CSV with a header, or JSON Lines when the name ends in
 * .jsonl/.ndjson/.json; either optionally .gz) and maps each
 * through a model's feature schema: the rows the model would see (card order, NaN for missing) and, for rows that
 * cannot be mapped, counts by kind of reason (no values from the file).
 */
public record InputRows(List<float[]> rows, long rejected, Map<String, Long> reasons) {
    public float[][] matrix() {
        return rows.toArray(new float[0][]);
    }

    public static InputRows read(Path file, FeatureSchema schema) throws IOException {
        List<float[]> rows = new ArrayList<>();
        Map<String, Long> reasons = new TreeMap<>();
        long rejected = 0;
        try (RecordReader records = RecordReader.open(Files.newInputStream(file), file.getFileName().toString(),
                RecordReader.Limits.DEFAULT)) {
            CsvHeader header = records.format() == RecordReader.Format.CSV ? header(file, records, schema) : null;
            for (RecordReader.Record r = records.next(); r != null; r = records.next()) {
                String label = "line " + r.line();
                try {
                    if (!r.ok()) {
                        throw new InvalidRecordException(label, r.error());
                    }
                    if (header != null && r.cells().size() != header.size()) {
                        throw new InvalidRecordException(label, "has N cells but the header has N columns");
                    }
                    rows.add(schema.map(header != null ? new CsvRecord(header, r.cells()) : new JsonRecord(r.json()),
                            label));
                } catch (InvalidRecordException e) {
                    rejected++;
                    QuarantineReasons.count(reasons, e.getMessage());
                }
            }
        }
        return new InputRows(rows, rejected, reasons);
    }

    private static CsvHeader header(Path file, RecordReader records, FeatureSchema schema) throws IOException {
        RecordReader.Record head = records.next();
        if (head == null) {
            throw new IllegalArgumentException(file + " is empty; expected a CSV header naming the model's features");
        }
        if (!head.ok()) {
            throw new IllegalArgumentException(file + " line " + head.line() + ": the header is not valid CSV: "
                    + head.error());
        }
        CsvHeader header = new CsvHeader(head.cells());
        List<String> lacking = schema.missingRequiredColumns(header);
        if (!lacking.isEmpty()) {
            throw new IllegalArgumentException(file + " has no column for the required feature(s) " + lacking);
        }
        return header;
    }
}
