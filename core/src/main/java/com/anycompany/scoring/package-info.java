/**
 * The root of the scoring core. It holds {@code ScoringException}, the base of the core's narrow exceptions, which
 * separate a retryable failure (a dependency unavailable) from a poison input (a record to quarantine); the
 * capabilities live in the subpackages.
 */
package com.anycompany.scoring;
