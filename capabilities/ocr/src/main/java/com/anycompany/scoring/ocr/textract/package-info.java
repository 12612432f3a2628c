/**
 * A thin adapter over Amazon Textract, which has no local server: {@code TextractJobs} (the SDK in {@code
 * SdkTextractJobs}) starts analyses and reads results, {@code TextractResponses} parses and validates the documented
 * block JSON into {@code TextractResponse}, {@code Block} and {@code BoundingBox}, and the exceptions separate
 * throttling and outages from rejected requests and invalid responses.
 */
package com.anycompany.scoring.ocr.textract;
