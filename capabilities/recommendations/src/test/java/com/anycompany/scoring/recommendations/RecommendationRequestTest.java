package com.anycompany.scoring.recommendations;

import com.anycompany.scoring.batch.BatchJson;
import com.anycompany.scoring.feature.FieldError;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecommendationRequestTest {
    private static RecommendationRequest parse(String json) throws Exception {
        return RecommendationRequest.parse(BatchJson.MAPPER.readTree(json));
    }

    @Test
    void aFullRequestParses() throws Exception {
        RecommendationRequest r = parse("""
                {"learnerId": "l-1", "top": 2,
                 "learner": {"role": "team_lead", "tenureMonths": 40, "skills": ["coaching"],
                             "completedCourses": ["c-9"]},
                 "candidates": [{"courseId": "c-1", "topic": "leadership", "level": 2, "lengthHours": 3.5,
                                 "popularity": 0.4, "skills": ["coaching", "feedback"]}]}""");
        assertEquals("l-1", r.learnerId());
        assertEquals(2, r.top());
        assertEquals(new Learner("team_lead", 40, Set.of("coaching"), Set.of("c-9")), r.learner());
        assertEquals(new Course("c-1", "leadership", 2, 3.5, 0.4, Set.of("coaching", "feedback")),
                r.candidates().get(0));
    }

    @Test
    void absentAndNullFieldsAreMissingNotErrors() throws Exception {
        RecommendationRequest r = parse("""
                {"learnerId": "l-1", "learner": {"role": null}, "candidates": [{"courseId": "c-1"}]}""");
        assertEquals(RecommendationRequest.DEFAULT_TOP, r.top());
        assertEquals(List.of("role", "tenureMonths", "skills", "completedCourses"),
                LearningFeatures.missing(r.learner()));
        assertEquals(List.of("topic", "level", "lengthHours", "popularity", "skills"),
                LearningFeatures.missing(r.candidates().get(0)));
        assertNull(parse("{\"learnerId\": \"l\", \"candidates\": [{\"courseId\": \"c\"}]}").learner().role());
    }

    @Test
    void everyBadFieldIsNamedInOneError() {
        InvalidRecommendationRequestException e = assertThrows(InvalidRecommendationRequestException.class,
                () -> parse("""
                        {"learner": {"role": "astronaut", "tenureMonths": "lots", "skills": "sql", "shoe": 9},
                         "top": 0, "extra": 1,
                         "candidates": [{"courseId": "c-1", "level": 7, "popularity": 1.5},
                                        {"topic": "tax", "lengthHours": -2},
                                        {"courseId": "c-1", "skills": [3]},
                                        "c-4"]}"""));
        List<String> fields = e.fields().stream().map(FieldError::field).toList();
        assertEquals(List.of("extra", "learnerId", "learner.shoe", "learner.role", "learner.tenureMonths",
                "learner.skills", "top", "candidates[0].level", "candidates[0].popularity", "candidates[1].courseId",
                "candidates[1].lengthHours", "candidates[2].skills", "candidates[2].courseId", "candidates[3]"),
                fields);
        for (String f : fields) {
            assertTrue(e.getMessage().contains(f + ": "), f + " in " + e.getMessage());
        }
        assertTrue(e.getMessage().startsWith("bad recommendations request, 14 fields to fix: "), e.getMessage());
        assertTrue(e.getMessage().contains("learner.role: must be one of [payroll_specialist"), e.getMessage());
        assertFalse(e.getMessage().contains("astronaut"), "the message names fields, not the values sent");
    }

    @Test
    void candidatesMustBeANonEmptyList() {
        for (String body : List.of("{\"learnerId\": \"l\"}", "{\"learnerId\": \"l\", \"candidates\": []}",
                "{\"learnerId\": \"l\", \"candidates\": {}}")) {
            InvalidRecommendationRequestException e = assertThrows(InvalidRecommendationRequestException.class,
                    () -> parse(body));
            assertEquals(List.of("candidates"), e.fields().stream().map(FieldError::field).toList(), body);
        }
        assertEquals(List.of("request"), assertThrows(InvalidRecommendationRequestException.class,
                () -> parse("[1]")).fields().stream().map(FieldError::field).toList());
    }
}
