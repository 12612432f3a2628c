/**
 * The start of the OCR pipeline: {@code OcrStarterHandler} receives S3 upload events for pay-stub documents and has
 * the core's {@code DocumentStarter} start one Textract analysis per document; a malformed bucket or key is a skipped
 * record with its reason, never a failed event.
 */
package com.anycompany.scoring.functions.ocr;
