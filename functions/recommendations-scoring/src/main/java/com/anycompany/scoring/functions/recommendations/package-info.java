/**
 * The learning-recommendations function: {@code RecommendationsScoringHandler} parses a learner and candidate
 * courses, has the core's {@code RecommendationService} rank them with the recommendations model, and answers golden
 * probes in the shared probe contract.
 */
package com.anycompany.scoring.functions.recommendations;
