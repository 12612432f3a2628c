/**
 * A simulated Textract for the local runtime: Textract has no local server, so {@link
 * com.anycompany.scoring.local.textract.SimulatedTextract} answers the asynchronous analysis API with real Textract
 * response documents, found through {@link com.anycompany.scoring.local.textract.SimulatedTextractFactory} (a
 * {@code TextractJobsFactory} service).
 */
package com.anycompany.scoring.local.textract;
