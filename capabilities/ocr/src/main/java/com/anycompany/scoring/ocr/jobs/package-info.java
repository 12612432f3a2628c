/**
 * The asynchronous OCR jobs: {@code DocumentStarter} starts one Textract analysis per uploaded document (keys checked
 * by {@code DocumentKeys}), {@code CompletionProcessor} handles a {@code CompletionNotification} by fetching the
 * {@code ResultPages} and storing the outcome in a {@code DocumentStore}; {@code OcrWiring} builds both. Exceptions
 * separate retryable (results not ready, store down) from refused input.
 */
package com.anycompany.scoring.ocr.jobs;
