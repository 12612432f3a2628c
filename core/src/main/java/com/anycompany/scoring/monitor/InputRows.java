package com.anycompany.scoring.monitor;

import com.anycompany.scoring.feature.CsvHeader;
import com.anycompany.scoring.feature.CsvReader;
import com.anycompany.scoring.feature.CsvRecord;
import com.anycompany.scoring.feature.FeatureSchema;
import com.anycompany.scoring.feature.JsonRecord;
import com.anycompany.scoring.model.InvalidRecordException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads a file of records (CSV with a header, or JSON Lines when the name ends in .jsonl/.ndjson/.json) and maps each
 * through a model's feature schema: the rows the model would see (card order, NaN for missing) and, for rows that
 * cannot be mapped, counts by kind of reason (no values from the file).
 */
public record InputRows(List<float[]> rows, long rejected, Map<String, Long> reasons) {
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    public float[][] matrix() {
        return rows.toArray(new float[0][]);
    }

    public static InputRows read(Path file, FeatureSchema schema) throws IOException {
        String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        List<float[]> rows = new ArrayList<>();
        Map<String, Long> reasons = new TreeMap<>();
        long rejected = 0;
        if (name.endsWith(".jsonl") || name.endsWith(".ndjson") || name.endsWith(".json")) {
            try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                String line;
                long n = 0;
                while ((line = in.readLine()) != null) {
                    n++;
                    if (line.isBlank()) {
                        continue;
                    }
                    try {
                        JsonNode node = JSON.readTree(line);
                        if (node == null || !node.isObject()) {
                            throw new InvalidRecordException("line " + n, "not a JSON object");
                        }
                        rows.add(schema.map(new JsonRecord(node), "line " + n));
                    } catch (InvalidRecordException e) {
                        rejected++;
                        QuarantineReasons.count(reasons, e.getMessage());
                    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                        rejected++;
                        QuarantineReasons.count(reasons, "not JSON");
                    }
                }
            }
            return new InputRows(rows, rejected, reasons);
        }
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8); CsvReader csv = new CsvReader(r)) {
            List<String> head = csv.next();
            if (head == null) {
                throw new IllegalArgumentException(file + " is empty; expected a CSV header naming the model's features");
            }
            CsvHeader header = new CsvHeader(head);
            List<String> lacking = schema.missingRequiredColumns(header);
            if (!lacking.isEmpty()) {
                throw new IllegalArgumentException(file + " has no column for the required feature(s) " + lacking);
            }
            List<String> cells;
            while ((cells = csv.next()) != null) {
                String label = "line " + csv.recordLine();
                if (cells.size() != header.size()) {
                    rejected++;
                    QuarantineReasons.count(reasons, "has N cells but the header has N columns");
                    continue;
                }
                try {
                    rows.add(schema.map(new CsvRecord(header, cells), label));
                } catch (InvalidRecordException e) {
                    rejected++;
                    QuarantineReasons.count(reasons, e.getMessage());
                }
            }
        }
        return new InputRows(rows, rejected, reasons);
    }
}
