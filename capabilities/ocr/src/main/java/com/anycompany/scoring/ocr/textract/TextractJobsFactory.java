package com.anycompany.scoring.ocr.textract;

/**
 * A {@link java.util.ServiceLoader} provider of {@link TextractJobs} other than the SDK one, chosen by name with
 * {@code SCORING_TEXTRACT_ADAPTER} (the local kit provides "simulated").
 */
public interface TextractJobsFactory {
    String name();

    TextractJobs create();
}
