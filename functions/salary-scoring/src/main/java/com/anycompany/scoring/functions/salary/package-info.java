/**
 * The synchronous salary endpoint behind a Function URL: {@code SalaryScoringHandler} maps the HTTP event to the
 * core's {@code PredictionService} ({@code /v1/models/{name}/predict}) and its answer back to an HTTP response,
 * including the golden-probe path used by the pre-traffic hook.
 */
package com.anycompany.scoring.functions.salary;
