/**
 * Pay-stub OCR: a {@code DocumentPipeline} classifies a Textract result ({@code DocumentClassifier}, {@code
 * DocumentModel}), extracts the fields a {@code FormSpec} names ({@code FieldExtractor}, {@code FieldValues}) and
 * produces an {@code OcrOutcome} ({@code OutcomeJson}), masking {@code PersonalData}. Jobs and the Textract adapter
 * are in the subpackages.
 */
package com.anycompany.scoring.ocr;
