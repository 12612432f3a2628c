/**
 * The local Textract: AWS has no local Textract server, so {@link
 * com.anycompany.scoring.local.textract.SimulatedTextract} is a small HTTP server speaking Textract's wire protocol
 * (AWS JSON 1.1, {@code StartDocumentAnalysis} / {@code GetDocumentAnalysis}) for the real SDK {@code TextractClient}.
 * It reads no document: the demo and the tests complete each job with a real Textract-format response, and the
 * completion notification reaches SQS in an SNS envelope, as in AWS.
 */
package com.anycompany.scoring.local.textract;
