package com.anycompany.scoring.ocr.jobs;

import com.anycompany.scoring.ocr.textract.TextractJobs;
import com.anycompany.scoring.ocr.textract.TextractResponse;
import com.anycompany.scoring.ocr.textract.TextractResponses;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Where a finished job's result pages are read from. */
public interface ResultPages {
    int MAX_PAGES = 10_000;

    /** Every result page of the job, in order. */
    List<TextractResponse> read(String jobId);

    /**
     * The objects Textract's OutputConfig writes: {@code <prefix>/<JobId>/1}, {@code /2}, … (other objects there,
     * such as {@code .s3_access_check}, are ignored).
     */
    static ResultPages fromOutputConfig(DocumentStore store, String prefix) {
        return jobId -> {
            String dir = prefix + "/" + jobId + "/";
            List<String> keys = new ArrayList<>(store.list(dir).stream()
                    .filter(k -> TextractResponses.isPageName(k.substring(dir.length()))).toList());
            if (keys.isEmpty()) {
                throw new ResultsNotReadyException("no result pages under " + store.uri(dir) + " yet");
            }
            if (keys.size() > MAX_PAGES) {
                throw new IllegalStateException(store.uri(dir) + " holds " + keys.size() + " pages, over " + MAX_PAGES);
            }
            keys.sort(Comparator.comparingInt(k -> Integer.parseInt(k.substring(dir.length()))));
            List<TextractResponse> pages = new ArrayList<>();
            for (String k : keys) {
                pages.add(TextractResponses.parse(store.read(k), store.uri(k)));
            }
            return pages;
        };
    }

    /** GetDocumentAnalysis, following NextToken to the last page. */
    static ResultPages fromApi(TextractJobs textract) {
        return jobId -> {
            List<TextractResponse> pages = new ArrayList<>();
            Optional<String> token = Optional.empty();
            do {
                TextractResponse page = textract.getDocumentAnalysis(jobId, token);
                pages.add(page);
                token = page.nextToken();
                if (pages.size() > MAX_PAGES) {
                    throw new IllegalStateException("GetDocumentAnalysis of " + jobId + " returned over " + MAX_PAGES
                            + " pages");
                }
            } while (token.isPresent());
            return pages;
        };
    }
}
