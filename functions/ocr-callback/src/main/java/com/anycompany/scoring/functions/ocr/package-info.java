/**
 * The Textract completion callback: {@code OcrCallbackHandler} receives the SNS-over-SQS completion notice of an
 * asynchronous document analysis and has the core's {@code CompletionProcessor} fetch the results, extract the form
 * fields and store the outcome.
 */
package com.anycompany.scoring.functions.ocr;
