package com.anycompany.scoring.ocr.textract;

import java.util.Optional;

/**
 * The two Textract calls of the asynchronous document path, as a thin adapter: {@link SdkTextractJobs} makes them
 * with the AWS SDK (locally against the local runtime's Textract server, which speaks the service's wire formats).
 * Implementations throw {@link TextractUnavailableException} (retry) or {@link TextractRejectedException} (the
 * document or request is bad; retrying cannot help).
 */
public interface TextractJobs {
    /** StartDocumentAnalysis; returns the JobId (the same JobId for a repeated ClientRequestToken). */
    String startDocumentAnalysis(AnalysisJobRequest request);

    /** One page of GetDocumentAnalysis (JobStatus, StatusMessage, Blocks, NextToken). */
    TextractResponse getDocumentAnalysis(String jobId, Optional<String> nextToken);
}
