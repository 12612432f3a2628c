package com.anycompany.scoring.recommendations;

import java.util.Set;

/**
 * What the request says about the learner; any field may be null (missing).
 *
 * @param role             one of {@link LearningFeatures#ROLES}
 * @param tenureMonths     months with the company
 * @param skills           skills the learner has
 * @param completedCourses ids of the courses the learner has completed (never recommended again)
 */
public record Learner(String role, Integer tenureMonths, Set<String> skills, Set<String> completedCourses) {
    public boolean completed(String courseId) {
        return completedCourses != null && completedCourses.contains(courseId);
    }
}
