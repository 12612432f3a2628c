package com.anycompany.scoring.serving;

import com.anycompany.scoring.feature.CsvHeader;
import com.anycompany.scoring.feature.RecordView;
import com.anycompany.scoring.model.InvalidRecordException;
import com.anycompany.scoring.model.LoadedModel;

import java.util.ArrayList;
import java.util.List;

/**
 * Scores the rows of one request with the served model, all or nothing: every row is mapped through the card's feature
 * schema and scored by the core ({@link LoadedModel#explain}, exact TreeSHAP reasons when asked), the same call the
 * Lambda endpoint and the batch scorer make. If any row is invalid nothing is scored and the 400 names the first bad
 * rows and what is wrong with them.
 */
final class RowScorer {
    static final int MAX_REASONS = 20;
    private static final int MAX_PROBLEMS = 10;

    private final ServedModel served;
    private final CsvHeader positions;

    RowScorer(ServedModel served) {
        this.served = served;
        this.positions = new CsvHeader(served.model().card().featureNames());
    }

    ServedModel served() {
        return served;
    }

    /** A positional row (CSV cells, JSON array values, a tensor row) as a record; its width must be the model's. */
    RecordView positional(List<?> values, String label) {
        if (values.size() != positions.size()) {
            throw BadRequestException.invalid(label + " has " + values.size() + " values but the model takes "
                    + positions.size() + " features by position (no header, no label column)");
        }
        return new PositionalRecord(positions, values);
    }

    /** Scores every row; {@code reasons} is the number of reasons per row (0: none). */
    List<LoadedModel.Explained> score(List<RecordView> rows, List<String> labels, int reasons) {
        if (rows.isEmpty()) {
            throw BadRequestException.invalid("the request holds no rows; send at least one");
        }
        List<LoadedModel.Explained> out = new ArrayList<>(rows.size());
        List<String> problems = new ArrayList<>();
        int bad = 0;
        for (int i = 0; i < rows.size(); i++) {
            try {
                LoadedModel.Explained e = served.model().explain(rows.get(i), labels.get(i), reasons);
                if (bad == 0) {
                    out.add(e);
                }
            } catch (InvalidRecordException e) {
                if (++bad <= MAX_PROBLEMS) {
                    problems.add(e.getMessage());
                }
            }
        }
        if (bad > 0) {
            throw BadRequestException.invalid(bad + " of " + rows.size() + " rows cannot be scored, nothing was: "
                    + String.join(" | ", problems) + (bad > MAX_PROBLEMS ? " | ..." : ""));
        }
        return out;
    }

    static int checkReasons(long k, String where) {
        if (k < 0 || k > MAX_REASONS) {
            throw BadRequestException.invalid(where + " must be a whole number from 0 to " + MAX_REASONS);
        }
        return (int) k;
    }
}
