/**
 * Drift monitoring: {@code DriftSketch} and the counts classes summarise feature and score distributions, {@code Psi}
 * compares them with the card's baselines, {@code DriftAssessment} and {@code RunDrift} judge a batch run ({@code
 * OnlineDriftMonitor} a stream), {@code InputRows} reads a record file for {@code monitor compare}, and {@code
 * DriftReportHtml} renders the report. {@code QuarantineReasons} counts rejects by kind, never by value.
 */
package com.anycompany.scoring.monitor;
