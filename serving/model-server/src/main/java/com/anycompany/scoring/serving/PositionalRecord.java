package com.anycompany.scoring.serving;

import com.anycompany.scoring.feature.CsvHeader;
import com.anycompany.scoring.feature.RecordView;

import java.util.List;

/**
 * A row given by position (a headerless CSV line, a JSON array, a tensor row) seen under the model's feature names, so
 * it is mapped by the same {@link com.anycompany.scoring.feature.FeatureSchema} as named records: the card's types,
 * ranges and missing-value rules apply to every path alike. Values are Strings, Numbers, Booleans or null (missing).
 */
record PositionalRecord(CsvHeader features, List<?> values) implements RecordView {
    @Override
    public Object get(String field) {
        int i = features.indexOf(field);
        return i < 0 || i >= values.size() ? null : values.get(i);
    }
}
