package com.anycompany.scoring.ocr.jobs;

import com.anycompany.scoring.ocr.textract.TextractJobs;
import com.anycompany.scoring.ocr.textract.TextractResponse;
import com.anycompany.scoring.ocr.textract.TextractResponses;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Where a finished job's result pages are read from. Every page is held in memory for the pipeline, so reading is
 * bounded ({@link Limits}): over a bound, {@link ResultsTooLargeException} names the bound and the document is
 * recorded as failed, instead of the function running out of memory on every redelivery.
 */
public interface ResultPages {
    /** Textract's asynchronous analysis takes documents of at most 3,000 pages. */
    int MAX_PAGES = 3_000;

    /**
     * Bounds on one job's results: pages (result objects or API pages), blocks over all pages, bytes of one result
     * object. The defaults hold a 3,000-page document's results in well under the callback's memory.
     */
    record Limits(int maxPages, long maxBlocks, long maxPageBytes) {
        public static final Limits DEFAULT = new Limits(MAX_PAGES, 500_000, 64L * 1024 * 1024);

        void checkPages(int pages, String where) {
            if (pages > maxPages) {
                throw new ResultsTooLargeException(where + " holds over " + maxPages + " result pages (" + pages
                        + "); the callback reads at most " + maxPages);
            }
        }

        long addBlocks(long sofar, TextractResponse page, String where) {
            long total = sofar + page.blocks().size();
            if (total > maxBlocks) {
                throw new ResultsTooLargeException(where + ": the results hold over " + maxBlocks + " blocks; the "
                        + "callback reads at most " + maxBlocks + " (split the document into smaller files)");
            }
            return total;
        }
    }

    /** Every result page of the job, in order. */
    List<TextractResponse> read(String jobId);

    static ResultPages fromOutputConfig(DocumentStore store, String prefix) {
        return fromOutputConfig(store, prefix, Limits.DEFAULT);
    }

    static ResultPages fromApi(TextractJobs textract) {
        return fromApi(textract, Limits.DEFAULT);
    }

    /**
     * The objects Textract's OutputConfig writes: {@code <prefix>/<JobId>/1}, {@code /2}, … (other objects there,
     * such as {@code .s3_access_check}, are ignored).
     */
    static ResultPages fromOutputConfig(DocumentStore store, String prefix, Limits limits) {
        return jobId -> {
            String dir = prefix + "/" + jobId + "/";
            List<String> keys = new ArrayList<>(store.list(dir).stream()
                    .filter(k -> TextractResponses.isPageName(k.substring(dir.length()))).toList());
            if (keys.isEmpty()) {
                throw new ResultsNotReadyException("no result pages under " + store.uri(dir) + " yet");
            }
            limits.checkPages(keys.size(), store.uri(dir));
            keys.sort(Comparator.comparingLong(k -> Long.parseLong(k.substring(dir.length()))));
            List<TextractResponse> pages = new ArrayList<>();
            long blocks = 0;
            for (String k : keys) {
                TextractResponse page = TextractResponses.parse(store.read(k, limits.maxPageBytes()), store.uri(k));
                blocks = limits.addBlocks(blocks, page, store.uri(dir));
                pages.add(page);
            }
            return pages;
        };
    }

    /** GetDocumentAnalysis, following NextToken to the last page. */
    static ResultPages fromApi(TextractJobs textract, Limits limits) {
        return jobId -> {
            List<TextractResponse> pages = new ArrayList<>();
            Optional<String> token = Optional.empty();
            long blocks = 0;
            do {
                TextractResponse page = textract.getDocumentAnalysis(jobId, token);
                blocks = limits.addBlocks(blocks, page, "GetDocumentAnalysis of " + jobId);
                pages.add(page);
                token = page.nextToken();
                limits.checkPages(pages.size() + (token.isPresent() ? 1 : 0), "GetDocumentAnalysis of " + jobId);
            } while (token.isPresent());
            return pages;
        };
    }
}
