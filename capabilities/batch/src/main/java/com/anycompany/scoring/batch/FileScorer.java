package com.anycompany.scoring.batch;

import com.anycompany.scoring.records.Json;
import com.anycompany.scoring.records.RecordReader;
import com.anycompany.scoring.engine.Reason;
import com.anycompany.scoring.feature.CsvHeader;
import com.anycompany.scoring.feature.PositionalColumns;
import com.anycompany.scoring.feature.CsvRecord;
import com.anycompany.scoring.feature.JsonRecord;
import com.anycompany.scoring.feature.RecordView;
import com.anycompany.scoring.model.InvalidRecordException;
import com.anycompany.scoring.model.LoadedModel;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;

/**
 * Scores a stream of records (CSV under a header, or JSON Lines) with one model and writes one output line per input
 * record, in input order: a {@code prediction} column for single-output models, {@code class_0 … class_{k-1}} for
 * multi-class ones. A record that cannot be scored gets empty output cells and a line in the quarantine stream
 * (JSON: row number, line, reason), so it fails alone and is never silently dropped.
 */
public final class FileScorer {
    private static final ObjectMapper JSON = Json.MAPPER;
    public static final int MAX_LINE_CHARS = RecordReader.Limits.DEFAULT.maxLineChars();
    private static final RecordReader.Limits LIMITS = RecordReader.Limits.DEFAULT;

    /** Counts of one run. {@code rows} = {@code scored} + {@code quarantined}. */
    public record Result(long rows, long scored, long quarantined) {
    }

    private final LoadedModel model;
    private final int explain;

    public FileScorer(LoadedModel model) {
        this(model, 0);
    }

    /**
     * With {@code explain} &gt; 0, each row also gets columns {@code reason_1 .. reason_K} after the predictions: the
     * features that pushed the score up most, as {@code feature=value (+contribution)} (exact TreeSHAP, margin space).
     */
    public FileScorer(LoadedModel model, int explain) {
        if (explain < 0) {
            throw new IllegalArgumentException("--explain must be 0 or more, not " + explain);
        }
        if (explain > 0 && !model.compiled().explains()) {
            throw new IllegalArgumentException("the " + model.compiled().engineName() + " engine cannot explain "
                    + model.card().ref() + " (no SHAP support for this model)");
        }
        this.model = model;
        this.explain = explain;
    }

    public List<String> outputColumns() {
        int k = model.compiled().numOutputs();
        List<String> cols = new ArrayList<>(k + explain);
        if (k == 1) {
            cols.add("prediction");
            addReasonColumns(cols);
            return cols;
        }
        for (int i = 0; i < k; i++) {
            cols.add("class_" + i);
        }
        addReasonColumns(cols);
        return cols;
    }

    private void addReasonColumns(List<String> cols) {
        for (int i = 1; i <= explain; i++) {
            cols.add("reason_" + i);
        }
    }

    public Result score(Reader input, RecordFormat format, Writer output, Writer quarantine) throws IOException {
        output.write(String.join(",", outputColumns()));
        output.write('\n');
        RecordReader.Format f = format == RecordFormat.CSV ? RecordReader.Format.CSV : RecordReader.Format.JSON_LINES;
        try (RecordReader records = new RecordReader(input, f, LIMITS)) {
            return f == RecordReader.Format.CSV ? scoreCsv(records, output, quarantine)
                    : scoreJsonLines(records, output, quarantine);
        }
    }

    private Result scoreCsv(RecordReader records, Writer output, Writer quarantine) throws IOException {
        RecordReader.Record head = records.next();
        if (head == null) {
            throw new IllegalArgumentException("the CSV input is empty: expected a header line naming the columns");
        }
        if (!head.ok()) {
            throw new IllegalArgumentException("the CSV header (line " + head.line() + ") is not valid CSV: "
                    + head.error());
        }
        List<String> headerCells = head.cells();
        CsvHeader positional = PositionalColumns.headerlessHeader(headerCells, model.schema().names(),
                model.card().ref().toString());
        CsvHeader header = positional != null ? positional : new CsvHeader(headerCells);
        List<String> missing = model.schema().missingRequiredColumns(header);
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("the CSV header lacks required column(s) " + missing
                    + " of model " + model.card().ref() + "; header is " + header.names());
        }
        long rows = 0;
        long bad = 0;
        RecordReader.Record r = positional != null ? head : records.next(); // headerless: line 1 is the first record
        for (; r != null; r = records.next()) {
            rows++;
            String label = "row " + rows + " (line " + r.line() + ")";
            if (!r.ok()) {
                bad += reject(output, quarantine, rows, r.line(), label + ": " + r.error());
            } else if (r.cells().size() > header.size()) {
                bad += reject(output, quarantine, rows, r.line(), label + ": has " + r.cells().size()
                        + " cells but the header has " + header.size());
            } else {
                bad += emit(new CsvRecord(header, r.cells()), label, rows, r.line(), output, quarantine);
            }
        }
        return new Result(rows, rows - bad, bad);
    }

    private Result scoreJsonLines(RecordReader records, Writer output, Writer quarantine) throws IOException {
        long rows = 0;
        long bad = 0;
        for (RecordReader.Record r = records.next(); r != null; r = records.next()) {
            rows++;
            String label = "row " + rows + " (line " + r.line() + ")";
            bad += r.ok() ? emit(new JsonRecord(r.json()), label, rows, r.line(), output, quarantine)
                    : reject(output, quarantine, rows, r.line(), label + ": " + r.error());
        }
        return new Result(rows, rows - bad, bad);
    }

    private int emit(RecordView record, String label, long row, long line, Writer output, Writer quarantine)
            throws IOException {
        float[] out;
        List<Reason> reasons = List.of();
        try {
            if (explain > 0) {
                LoadedModel.Explained e = model.explain(record, label, explain);
                out = e.outputs();
                reasons = e.reasons();
            } else {
                out = model.score(record, label);
            }
        } catch (InvalidRecordException e) {
            return reject(output, quarantine, row, line, e.getMessage());
        }
        for (int i = 0; i < out.length; i++) {
            if (i > 0) {
                output.write(',');
            }
            output.write(Float.toString(out[i]));
        }
        for (int i = 0; i < explain; i++) {
            output.write(',');
            if (i < reasons.size()) {
                output.write(csvCell(reasons.get(i).display()));
            }
        }
        output.write('\n');
        return 0;
    }

    private static String csvCell(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }

    private int reject(Writer output, Writer quarantine, long row, long line, String reason) throws IOException {
        int k = outputColumns().size();
        output.write(",".repeat(k - 1));
        output.write('\n');
        ObjectNode q = JSON.createObjectNode();
        q.put("row", row);
        q.put("line", line);
        q.put("reason", reason);
        quarantine.write(JSON.writeValueAsString(q));
        quarantine.write('\n');
        return 1;
    }
}
