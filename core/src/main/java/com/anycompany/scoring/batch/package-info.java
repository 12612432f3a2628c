/**
 * The part of the batch package that other capabilities and functions use too, so it sits in the core:
 * {@code BatchJson} (the batch records' reads and writes over the one shared mapper), {@code BatchInputException}
 * (what a malformed batch input throws: poison, never retried) and {@code S3EventKeys} (S3 event key decoding, also
 * used by the OCR starter). The rest of the package (plan, shard scoring, finalize) is the {@code scoring-batch}
 * capability module.
 */
package com.anycompany.scoring.batch;
