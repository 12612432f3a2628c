/**
 * Records as a model sees them: a {@code RecordView} over a CSV row ({@code CsvRecord} under a {@code CsvHeader}, or
 * {@code PositionalColumns} for headerless files) or a JSON object ({@code JsonRecord}), mapped by the model card's
 * {@code FeatureSchema} into the feature vector, with errors naming the field, never its value. {@code CsvReader}
 * reads CSV request bodies (text/csv bodies of the predict API and the model server); record files go through {@code
 * com.anycompany.scoring.records.RecordReader}.
 */
package com.anycompany.scoring.feature;
