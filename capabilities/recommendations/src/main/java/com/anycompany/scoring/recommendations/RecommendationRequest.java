package com.anycompany.scoring.recommendations;

import com.anycompany.scoring.feature.FieldError;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One direct-invoke request: {@code {"learnerId", "learner": {role, tenureMonths, skills, completedCourses},
 * "candidates": [{courseId, topic, level, lengthHours, popularity, skills}, …], "top"}}. {@link #parse} checks the
 * whole request and reports every bad field together; an absent (or null) optional field is not an error, it is
 * missing.
 */
public record RecommendationRequest(String learnerId, Learner learner, List<Course> candidates, int top) {
    public static final int DEFAULT_TOP = 5;
    public static final int MAX_TOP = 50;
    public static final int MAX_CANDIDATES = 500;
    public static final int MAX_ID_LENGTH = 128;
    private static final Set<String> FIELDS = Set.of("learnerId", "learner", "candidates", "top");
    private static final Set<String> LEARNER_FIELDS = Set.of("role", "tenureMonths", "skills", "completedCourses");
    private static final Set<String> COURSE_FIELDS = Set.of("courseId", "topic", "level", "lengthHours",
            "popularity", "skills");

    /** @throws InvalidRecommendationRequestException naming every bad field */
    public static RecommendationRequest parse(JsonNode root) {
        List<FieldError> errors = new ArrayList<>();
        if (root == null || !root.isObject()) {
            throw new InvalidRecommendationRequestException(List.of(new FieldError("request",
                    "must be a JSON object: {\"learnerId\": ..., \"learner\": {...}, \"candidates\": [...]}")));
        }
        unknown(root, FIELDS, "", "learnerId, learner, candidates, top", errors);
        String learnerId = id(root.get("learnerId"), "learnerId", errors);
        Learner learner = learner(root.get("learner"), errors);
        int top = DEFAULT_TOP;
        JsonNode t = root.get("top");
        if (present(t)) {
            if (t.isIntegralNumber() && t.asLong() >= 1 && t.asLong() <= MAX_TOP) {
                top = t.asInt();
            } else {
                errors.add(new FieldError("top", "must be a whole number from 1 to " + MAX_TOP));
            }
        }
        List<Course> courses = new ArrayList<>();
        JsonNode c = root.get("candidates");
        if (!present(c)) {
            errors.add(new FieldError("candidates", "missing: send a list of candidate courses"));
        } else if (!c.isArray()) {
            errors.add(new FieldError("candidates", "must be a list of candidate courses (JSON objects)"));
        } else if (c.isEmpty()) {
            errors.add(new FieldError("candidates", "is empty; send at least one candidate course"));
        } else if (c.size() > MAX_CANDIDATES) {
            errors.add(new FieldError("candidates", "has " + c.size() + " courses; send at most " + MAX_CANDIDATES));
        } else {
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < c.size(); i++) {
                Course course = course(c.get(i), "candidates[" + i + "]", errors);
                if (course != null && course.courseId() != null && !seen.add(course.courseId())) {
                    errors.add(new FieldError("candidates[" + i + "].courseId", "repeats an earlier candidate's id; "
                            + "send each course once"));
                }
                courses.add(course);
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidRecommendationRequestException(errors);
        }
        return new RecommendationRequest(learnerId, learner, List.copyOf(courses), top);
    }

    private static Learner learner(JsonNode n, List<FieldError> errors) {
        if (!present(n)) {
            return new Learner(null, null, null, null);
        }
        if (!n.isObject()) {
            errors.add(new FieldError("learner", "must be an object: {role, tenureMonths, skills, completedCourses}"));
            return new Learner(null, null, null, null);
        }
        unknown(n, LEARNER_FIELDS, "learner.", "role, tenureMonths, skills, completedCourses", errors);
        String role = name(n.get("role"), "learner.role", LearningFeatures.ROLES, errors);
        Integer tenure = whole(n.get("tenureMonths"), "learner.tenureMonths", 0, LearningFeatures.MAX_TENURE_MONTHS,
                errors);
        Set<String> skills = strings(n.get("skills"), "learner.skills", errors);
        Set<String> completed = strings(n.get("completedCourses"), "learner.completedCourses", errors);
        return new Learner(role, tenure, skills, completed);
    }

    private static Course course(JsonNode n, String at, List<FieldError> errors) {
        if (n == null || !n.isObject()) {
            errors.add(new FieldError(at, "must be an object: {courseId, topic, level, lengthHours, popularity, "
                    + "skills}"));
            return null;
        }
        unknown(n, COURSE_FIELDS, at + ".", "courseId, topic, level, lengthHours, popularity, skills", errors);
        String id = id(n.get("courseId"), at + ".courseId", errors);
        String topic = name(n.get("topic"), at + ".topic", LearningFeatures.TOPICS, errors);
        Integer level = whole(n.get("level"), at + ".level", 1, LearningFeatures.MAX_LEVEL, errors);
        Double length = number(n.get("lengthHours"), at + ".lengthHours", 0, LearningFeatures.MAX_LENGTH_HOURS,
                errors);
        Double popularity = number(n.get("popularity"), at + ".popularity", 0, 1, errors);
        Set<String> skills = strings(n.get("skills"), at + ".skills", errors);
        return new Course(id, topic, level, length, popularity, skills);
    }

    private static boolean present(JsonNode n) {
        return n != null && !n.isNull() && !n.isMissingNode();
    }

    private static void unknown(JsonNode n, Set<String> allowed, String prefix, String list, List<FieldError> errors) {
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!allowed.contains(f)) {
                errors.add(new FieldError(prefix + abbreviate(f), "unknown field; allowed: " + list));
            }
        }
    }

    private static String id(JsonNode n, String at, List<FieldError> errors) {
        if (!present(n)) {
            errors.add(new FieldError(at, "missing: a non-empty string id"));
        } else if (!n.isTextual() || n.textValue().isBlank() || n.textValue().length() > MAX_ID_LENGTH) {
            errors.add(new FieldError(at, "must be a non-empty string of at most " + MAX_ID_LENGTH + " characters"));
        } else {
            return n.textValue();
        }
        return null;
    }

    private static String name(JsonNode n, String at, List<String> allowed, List<FieldError> errors) {
        if (!present(n)) {
            return null;
        }
        if (n.isTextual() && allowed.contains(n.textValue())) {
            return n.textValue();
        }
        errors.add(new FieldError(at, "must be one of " + allowed + " (leave it out if unknown)"));
        return null;
    }

    private static Integer whole(JsonNode n, String at, int min, int max, List<FieldError> errors) {
        if (!present(n)) {
            return null;
        }
        if (n.isIntegralNumber() && n.asLong() >= min && n.asLong() <= max) {
            return n.asInt();
        }
        errors.add(new FieldError(at, "must be a whole number from " + min + " to " + max));
        return null;
    }

    private static Double number(JsonNode n, String at, double min, double max, List<FieldError> errors) {
        if (!present(n)) {
            return null;
        }
        if (n.isNumber() && Double.isFinite(n.asDouble()) && n.asDouble() >= min && n.asDouble() <= max) {
            return n.asDouble();
        }
        errors.add(new FieldError(at, "must be a number from " + fmt(min) + " to " + fmt(max)));
        return null;
    }

    private static Set<String> strings(JsonNode n, String at, List<FieldError> errors) {
        if (!present(n)) {
            return null;
        }
        if (n.isArray()) {
            Set<String> out = new LinkedHashSet<>();
            boolean ok = true;
            for (JsonNode e : n) {
                ok &= e.isTextual() && !e.textValue().isBlank() && e.textValue().length() <= MAX_ID_LENGTH;
                if (ok) {
                    out.add(e.textValue());
                }
            }
            if (ok) {
                return out;
            }
        }
        errors.add(new FieldError(at, "must be a list of non-empty strings ([] when there are none)"));
        return null;
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    private static String abbreviate(String s) {
        return s.length() > 64 ? s.substring(0, 61) + "..." : s;
    }
}
