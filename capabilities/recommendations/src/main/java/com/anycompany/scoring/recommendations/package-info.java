/**
 * Learning recommendations: {@code RecommendationService} ranks candidate {@code Course}s for a {@code Learner}
 * ({@code RecommendationRequest}) by scoring {@code LearningFeatures} with the recommendations model, returning
 * {@code Recommendations}; {@code Ndcg} measures ranking quality and {@code RecommendationWiring} builds the service.
 */
package com.anycompany.scoring.recommendations;
