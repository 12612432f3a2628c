package com.anycompany.scoring.ocr.textract;

/**
 * The Textract adapter of the OCR functions: the AWS SDK client ({@link SdkTextractJobs}), pointed at Textract in
 * AWS, or at the local runtime's Textract server when the environment sets {@code SCORING_AWS_ENDPOINT_TEXTRACT}.
 */
public final class TextractAdapters {
    private TextractAdapters() {
    }

    public static TextractJobs fromEnvironment() {
        return SdkTextractJobs.create();
    }
}
