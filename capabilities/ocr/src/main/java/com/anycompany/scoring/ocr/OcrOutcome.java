package com.anycompany.scoring.ocr;

import java.util.List;

/** The result of one document: processed, sent to review with reasons, failed in Textract, or still pending. */
public sealed interface OcrOutcome {
    String docId();

    String jobId();

    /** processed | review | failed | pending. */
    String kind();

    record Processed(String docId, String jobId, Extraction extraction) implements OcrOutcome {
        @Override
        public String kind() {
            return "processed";
        }
    }

    record Review(String docId, String jobId, Extraction extraction, List<Reason> reasons) implements OcrOutcome {
        @Override
        public String kind() {
            return "review";
        }
    }

    /** Textract reported FAILED or ERROR (or its output could not be read); {@code statusMessage} says why. */
    record Failed(String docId, String jobId, String status, String statusMessage) implements OcrOutcome {
        @Override
        public String kind() {
            return "failed";
        }
    }

    /** The job is still IN_PROGRESS: nothing to record yet, ask again later. */
    record Pending(String docId, String jobId, String status) implements OcrOutcome {
        @Override
        public String kind() {
            return "pending";
        }
    }
}
