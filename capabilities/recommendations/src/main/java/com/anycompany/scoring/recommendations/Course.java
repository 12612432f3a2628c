package com.anycompany.scoring.recommendations;

import java.util.Set;

/**
 * A candidate course; everything but {@code courseId} may be null (missing).
 *
 * @param courseId    the course's id, unique within a request
 * @param topic       one of {@link LearningFeatures#TOPICS}
 * @param level       1 (introductory) to {@link LearningFeatures#MAX_LEVEL} (advanced)
 * @param lengthHours the course's length in hours
 * @param popularity  share of comparable learners who took and finished it, 0 to 1
 * @param skills      skills the course teaches
 */
public record Course(String courseId, String topic, Integer level, Double lengthHours, Double popularity,
                     Set<String> skills) {
}
