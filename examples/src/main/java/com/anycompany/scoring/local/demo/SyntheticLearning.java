package com.anycompany.scoring.local.demo;

import com.anycompany.scoring.recommendations.Course;
import com.anycompany.scoring.recommendations.Learner;
import com.anycompany.scoring.recommendations.LearningFeatures;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A deterministic synthetic learning platform: a catalogue of courses and learners, each with the candidate courses
 * they were shown and how relevant each turned out to be (0 ignored, 1 opened, 2 completed, 3 completed and rated
 * highly), from a hidden utility: a course in the learner's role curriculum, at the level their tenure suggests,
 * teaching some skills they have (prerequisites) and more they lack, of good hidden quality (which popularity only
 * partly shows) and not too long, plus noise. Some values are missing, as in real profiles: tenure, skills, a new
 * course's popularity. Same seed, same data.
 */
public final class SyntheticLearning {
    public static final int CANDIDATES = 20;
    private static final int SKILLS_PER_TOPIC = 5;

    /** A course and its hidden quality. */
    public record CatalogueCourse(Course course, double quality) {
    }

    /** One learner as shown {@link #CANDIDATES} courses, and the relevance of each (0..3). */
    public record Case(String learnerId, Learner learner, List<Course> candidates, double[] relevance) {
    }

    private final List<CatalogueCourse> catalogue;
    private final long seed;

    public SyntheticLearning(long seed, int courses) {
        this.seed = seed;
        SplittableRandom r = new SplittableRandom(seed);
        List<CatalogueCourse> c = new ArrayList<>(courses);
        for (int i = 0; i < courses; i++) {
            String topic = LearningFeatures.TOPICS.get(r.nextInt(LearningFeatures.TOPICS.size()));
            int level = 1 + r.nextInt(LearningFeatures.MAX_LEVEL);
            double length = Math.round(Math.min(60, Math.exp(1.2 + 0.7 * r.nextGaussian()) + 0.5) * 4) / 4.0;
            double quality = r.nextGaussian();
            Double popularity = r.nextDouble() < 0.06 ? null
                    : clamp(0.45 + 0.15 * quality + 0.12 * r.nextGaussian(), 0.01, 0.99);
            Set<String> skills = new LinkedHashSet<>();
            for (int k = 0, n = 2 + r.nextInt(3); k < n; k++) {
                skills.add(skill(topic, r.nextInt(SKILLS_PER_TOPIC)));
            }
            if (r.nextDouble() < 0.25) {
                skills.add(skill(LearningFeatures.TOPICS.get(r.nextInt(LearningFeatures.TOPICS.size())),
                        r.nextInt(SKILLS_PER_TOPIC)));
            }
            c.add(new CatalogueCourse(new Course(String.format("c-%04d", i), topic, level, length,
                    popularity == null ? null : Math.round(popularity * 1000) / 1000.0, skills), quality));
        }
        this.catalogue = List.copyOf(c);
    }

    public List<CatalogueCourse> catalogue() {
        return catalogue;
    }

    /** {@code n} learners with their candidates and relevance labels, deterministic for the seed. */
    public List<Case> cases(int n) {
        SplittableRandom r = new SplittableRandom(seed * 31 + 7);
        List<double[]> utilities = new ArrayList<>(n);
        List<Case> raw = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String role = LearningFeatures.ROLES.get(r.nextInt(LearningFeatures.ROLES.size()));
            Set<String> track = LearningFeatures.ROLE_TRACKS.get(role);
            int tenure = (int) Math.min(LearningFeatures.MAX_TENURE_MONTHS, Math.round(-Math.log(1 - r.nextDouble()) * 36));
            Set<String> skills = new LinkedHashSet<>();
            for (String topic : LearningFeatures.TOPICS) {
                double p = track.contains(topic) ? Math.min(0.85, 0.25 + tenure / 120.0) : 0.06;
                for (int k = 0; k < SKILLS_PER_TOPIC; k++) {
                    if (r.nextDouble() < p) {
                        skills.add(skill(topic, k));
                    }
                }
            }
            Set<String> completed = new LinkedHashSet<>();
            for (int k = 0, m = (int) Math.min(12, Math.round(-Math.log(1 - r.nextDouble()) * (1 + tenure / 12.0)));
                 k < m; k++) {
                completed.add(pick(r, track, r.nextDouble() < 0.7).course().courseId());
            }
            List<Course> candidates = new ArrayList<>(CANDIDATES);
            Set<String> shown = new LinkedHashSet<>(completed);
            double[] u = new double[CANDIDATES];
            while (candidates.size() < CANDIDATES) {
                CatalogueCourse cc = pick(r, track, r.nextDouble() < 0.4);
                if (!shown.add(cc.course().courseId())) {
                    continue;
                }
                u[candidates.size()] = utility(role, tenure, skills, cc, r);
                candidates.add(cc.course());
            }
            Learner learner = new Learner(role, r.nextDouble() < 0.05 ? null : tenure,
                    r.nextDouble() < 0.04 ? null : skills, completed);
            utilities.add(u);
            raw.add(new Case(String.format("l-%05d", i), learner, candidates, null));
        }
        double[] all = utilities.stream().flatMapToDouble(Arrays::stream).sorted().toArray();
        double t3 = all[(int) (all.length * 0.96)];
        double t2 = all[(int) (all.length * 0.88)];
        double t1 = all[(int) (all.length * 0.70)];
        List<Case> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            double[] u = utilities.get(i);
            double[] rel = new double[u.length];
            for (int k = 0; k < u.length; k++) {
                rel[k] = u[k] >= t3 ? 3 : u[k] >= t2 ? 2 : u[k] >= t1 ? 1 : 0;
            }
            Case c = raw.get(i);
            out.add(new Case(c.learnerId(), c.learner(), c.candidates(), rel));
        }
        return out;
    }

    /** The request the function takes for a case (the learner's fields left out where missing). */
    public static Map<String, Object> request(Case c, int top) {
        Map<String, Object> learner = new LinkedHashMap<>();
        put(learner, "role", c.learner().role());
        put(learner, "tenureMonths", c.learner().tenureMonths());
        put(learner, "skills", c.learner().skills());
        put(learner, "completedCourses", c.learner().completedCourses());
        List<Map<String, Object>> candidates = new ArrayList<>();
        for (Course course : c.candidates()) {
            candidates.add(json(course));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("learnerId", c.learnerId());
        m.put("learner", learner);
        m.put("candidates", candidates);
        m.put("top", top);
        return m;
    }

    /** A course as a request's candidate (missing fields left out). */
    public static Map<String, Object> json(Course course) {
        Map<String, Object> m = new LinkedHashMap<>();
        put(m, "courseId", course.courseId());
        put(m, "topic", course.topic());
        put(m, "level", course.level());
        put(m, "lengthHours", course.lengthHours());
        put(m, "popularity", course.popularity());
        put(m, "skills", course.skills());
        return m;
    }

    private static double utility(String role, int tenure, Set<String> skills, CatalogueCourse cc,
                                  SplittableRandom r) {
        Course c = cc.course();
        boolean track = LearningFeatures.ROLE_TRACKS.get(role).contains(c.topic());
        double expectedLevel = 1 + Math.min(2, tenure / 30.0);
        double overlap = c.skills().stream().filter(skills::contains).count() / (double) c.skills().size();
        double popularity = c.popularity() == null ? 0.45 : c.popularity();
        return 1.8 * (track ? 1 : 0) - 0.7 * Math.abs(c.level() - expectedLevel) - 3 * Math.pow(overlap - 0.4, 2)
                + 0.8 * cc.quality() + 0.6 * popularity - 0.25 * Math.log(c.lengthHours()) + 0.45 * r.nextGaussian();
    }

    private CatalogueCourse pick(SplittableRandom r, Set<String> track, boolean inTrack) {
        while (true) {
            CatalogueCourse c = catalogue.get(r.nextInt(catalogue.size()));
            if (!inTrack || track.contains(c.course().topic())) {
                return c;
            }
        }
    }

    private static final Map<String, List<String>> SKILLS = Map.of(
            "payroll_compliance", List.of("payroll_calendar", "garnishments", "overtime_rules", "pay_transparency",
                    "year_end_close"),
            "tax", List.of("withholding", "state_tax", "tax_forms", "benefits_taxation", "multi_state_payroll"),
            "data_analysis", List.of("sql", "pivot_tables", "statistics", "dashboards", "python"),
            "leadership", List.of("coaching", "delegation", "feedback", "hiring", "performance_reviews"),
            "employment_law", List.of("flsa", "leave_law", "discrimination_law", "contracts", "investigations"),
            "spreadsheets", List.of("formulas", "lookups", "macros", "charts", "data_cleaning"),
            "communication", List.of("writing", "presenting", "negotiation", "de_escalation", "facilitation"),
            "security", List.of("phishing", "access_control", "encryption", "incident_response", "secure_coding"));

    private static String skill(String topic, int k) {
        return SKILLS.get(topic).get(k);
    }

    private static double clamp(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    private static void put(Map<String, Object> m, String k, Object v) {
        if (v != null) {
            m.put(k, v);
        }
    }
}
