package com.anycompany.scoring.recommendations;

import com.anycompany.scoring.model.FeatureSpec;
import com.anycompany.scoring.model.FeatureType;
import com.anycompany.scoring.model.MissingRule;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The recommendations model's inputs, and how a (learner, course) pair becomes them. Training (local/kit) and serving
 * use this one mapping, so what the model learned from is what it is asked about. Every feature is optional: a value
 * the request does not carry is missing and takes the tree's default branch, and the answer names it.
 *
 * <p>Roles and topics are sent as names and enter the model as their index in {@link #ROLES} / {@link #TOPICS}
 * (append only: a model's codes must not move). {@code role_track} is 1 when the course's topic is in the curriculum
 * of the learner's role ({@link #ROLE_TRACKS}), {@code skill_overlap} is the share of the course's skills the learner
 * already has.
 */
public final class LearningFeatures {
    public static final List<String> ROLES = List.of("payroll_specialist", "hr_generalist", "finance_analyst",
            "team_lead", "software_engineer", "customer_support");
    public static final List<String> TOPICS = List.of("payroll_compliance", "tax", "data_analysis", "leadership",
            "employment_law", "spreadsheets", "communication", "security");
    public static final Map<String, Set<String>> ROLE_TRACKS = Map.of(
            "payroll_specialist", Set.of("payroll_compliance", "tax", "spreadsheets"),
            "hr_generalist", Set.of("employment_law", "communication", "leadership"),
            "finance_analyst", Set.of("data_analysis", "tax", "spreadsheets"),
            "team_lead", Set.of("leadership", "communication", "employment_law"),
            "software_engineer", Set.of("security", "data_analysis"),
            "customer_support", Set.of("communication", "payroll_compliance"));
    public static final int MAX_LEVEL = 3;
    public static final int MAX_TENURE_MONTHS = 600;
    public static final double MAX_LENGTH_HOURS = 200;

    public static final List<FeatureSpec> FEATURES = List.of(
            spec("role", FeatureType.INT, 0, ROLES.size() - 1),
            spec("tenure_months", FeatureType.INT, 0, MAX_TENURE_MONTHS),
            spec("skill_count", FeatureType.INT, 0, null),
            spec("completed_count", FeatureType.INT, 0, null),
            spec("topic", FeatureType.INT, 0, TOPICS.size() - 1),
            spec("level", FeatureType.INT, 1, MAX_LEVEL),
            spec("length_hours", FeatureType.FLOAT, 0, MAX_LENGTH_HOURS),
            spec("popularity", FeatureType.FLOAT, 0, 1),
            spec("role_track", FeatureType.BOOL, null, null),
            spec("skill_overlap", FeatureType.FLOAT, 0, 1));
    public static final List<String> NAMES = FEATURES.stream().map(FeatureSpec::name).toList();

    private LearningFeatures() {
    }

    /**
     * The model's inputs for one pair: feature name to value, a missing value left out. Request fields map as
     * {@code learner.role → role}, {@code tenureMonths → tenure_months}, {@code skills → skill_count},
     * {@code completedCourses → completed_count}; {@code role_track} needs role and topic, {@code skill_overlap} both
     * skill lists (and a course with at least one skill).
     */
    public static Map<String, Object> of(Learner learner, Course course) {
        Map<String, Object> m = new HashMap<>(16);
        if (learner.role() != null) {
            m.put("role", ROLES.indexOf(learner.role()));
        }
        put(m, "tenure_months", learner.tenureMonths());
        put(m, "skill_count", learner.skills() == null ? null : learner.skills().size());
        put(m, "completed_count", learner.completedCourses() == null ? null : learner.completedCourses().size());
        if (course.topic() != null) {
            m.put("topic", TOPICS.indexOf(course.topic()));
        }
        put(m, "level", course.level());
        put(m, "length_hours", course.lengthHours());
        put(m, "popularity", course.popularity());
        if (learner.role() != null && course.topic() != null) {
            m.put("role_track", ROLE_TRACKS.getOrDefault(learner.role(), Set.of()).contains(course.topic()));
        }
        if (learner.skills() != null && course.skills() != null && !course.skills().isEmpty()) {
            long known = course.skills().stream().filter(learner.skills()::contains).count();
            m.put("skill_overlap", (double) known / course.skills().size());
        }
        return m;
    }

    /** Missing learner fields, by their request names. */
    public static List<String> missing(Learner l) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("role", l.role());
        f.put("tenureMonths", l.tenureMonths());
        f.put("skills", l.skills());
        f.put("completedCourses", l.completedCourses());
        return absent(f);
    }

    /** Missing course fields, by their request names. */
    public static List<String> missing(Course c) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("topic", c.topic());
        f.put("level", c.level());
        f.put("lengthHours", c.lengthHours());
        f.put("popularity", c.popularity());
        f.put("skills", c.skills());
        return absent(f);
    }

    private static List<String> absent(Map<String, Object> fields) {
        return fields.entrySet().stream().filter(e -> e.getValue() == null).map(Map.Entry::getKey).toList();
    }

    private static void put(Map<String, Object> m, String name, Object v) {
        if (v != null) {
            m.put(name, v);
        }
    }

    private static FeatureSpec spec(String name, FeatureType type, Integer min, Number max) {
        return new FeatureSpec(name, type, false, min == null ? null : min.doubleValue(),
                max == null ? null : max.doubleValue(), MissingRule.TREE_DEFAULT, null, null);
    }
}
