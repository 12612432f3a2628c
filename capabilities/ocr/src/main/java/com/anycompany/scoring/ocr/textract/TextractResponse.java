package com.anycompany.scoring.ocr.textract;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One Textract response page: the blocks plus, for the asynchronous API, {@code JobStatus}, {@code StatusMessage},
 * {@code NextToken} and {@code Warnings}. {@code jobStatus} is empty for a synchronous AnalyzeDocument response.
 */
public record TextractResponse(Optional<String> jobStatus, Optional<String> statusMessage, int pages,
                               Optional<String> nextToken, List<Block> blocks, List<String> warnings) {

    public static final String SUCCEEDED = "SUCCEEDED";
    public static final String FAILED = "FAILED";
    public static final String IN_PROGRESS = "IN_PROGRESS";
    public static final String PARTIAL_SUCCESS = "PARTIAL_SUCCESS";

    /** Status of the whole result: the first non-SUCCEEDED page status wins; no status at all is SUCCEEDED. */
    public static String status(List<TextractResponse> pages) {
        for (TextractResponse p : pages) {
            String s = p.jobStatus().orElse(SUCCEEDED);
            if (!SUCCEEDED.equals(s)) {
                return s;
            }
        }
        return SUCCEEDED;
    }

    public static Optional<String> statusMessage(List<TextractResponse> pages) {
        return pages.stream().map(TextractResponse::statusMessage).flatMap(Optional::stream).findFirst();
    }

    /** All blocks of all pages, in order. */
    public static List<Block> blocks(List<TextractResponse> pages) {
        List<Block> all = new ArrayList<>();
        pages.forEach(p -> all.addAll(p.blocks()));
        return all;
    }
}
