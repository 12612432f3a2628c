package com.anycompany.scoring.advisor;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static com.anycompany.scoring.advisor.Profiles.base;
import static com.anycompany.scoring.advisor.Profiles.map;
import static com.anycompany.scoring.advisor.Profiles.set;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A bad profile fails with a message naming the file and the field. */
class ProfileReaderTest {
    private static String error(Map<String, Object> tree) {
        return assertThrows(ProfileException.class, () -> Profiles.read(tree)).getMessage();
    }

    @Test
    void readsAValidProfile() {
        ModelProfile p = Profiles.read(set(base(), "traffic.hours", "business"));
        assertEquals("test-model", p.name());
        assertEquals(10_000 * 21.7, p.traffic().requestsPerMonth(), 1e-6);
        assertEquals(3, p.traffic().peakFactor());
        assertEquals(ModelProfile.Hours.BUSINESS, p.traffic().hours());
        assertEquals(ModelProfile.Criticality.MEDIUM, p.criticality());
        assertEquals(ModelProfile.Accelerator.NONE, p.accelerator());
        assertEquals(200.0, p.latencyP99Ms().orElseThrow());
        assertEquals(1, p.model().count());
    }

    @Test
    void missingFieldIsNamed() {
        assertEquals("test.yaml: traffic is required but missing", error(set(base(), "traffic", null)));
        assertEquals("test.yaml: model.size_mb is required but missing", error(set(base(), "model.size_mb", null)));
    }

    @Test
    void unknownFieldIsNamedWithTheKnownOnes() {
        String m = error(set(base(), "traffic.peek_factor", 10));
        assertTrue(m.startsWith("test.yaml: unknown field traffic.peek_factor (known in traffic: hours, peak_factor,"), m);
    }

    @Test
    void wrongTypeAndRangeAreNamed() {
        assertEquals("test.yaml: traffic.peak_factor must be a number (got \"ten\")",
                error(set(base(), "traffic.peak_factor", "ten")));
        assertEquals("test.yaml: traffic.peak_factor must be at least 1 (got 0.5)",
                error(set(base(), "traffic.peak_factor", 0.5)));
        assertEquals("test.yaml: model.trees must be a whole number (got 10.5)", error(set(base(), "model.trees", 10.5)));
        assertEquals("test.yaml: response.per_request must be true or false (got \"yes\")",
                error(set(base(), "response.per_request", "yes")));
        assertEquals("test.yaml: payload must be a mapping of fields (got 2)", error(set(base(), "payload", 2)));
    }

    @Test
    void choicesListTheAllowedValues() {
        assertEquals("test.yaml: criticality must be one of [high, low, medium] (got \"urgent\")",
                error(set(base(), "criticality", "urgent")));
        assertEquals("test.yaml: traffic.hours must be one of [24x7, business] (got \"weekends\")",
                error(set(base(), "traffic.hours", "weekends")));
        assertTrue(error(set(base(), "accelerator", "tpu")).contains("accelerator must be one of"));
    }

    @Test
    void inconsistentFieldsAreExplained() {
        assertEquals("test.yaml: traffic: give exactly one of requests_per_day or requests_per_month",
                error(set(base(), "traffic.requests_per_month", 5)));
        String m = error(set(base(), "response", map("per_request", false, "caller_waits", true)));
        assertTrue(m.contains("response.caller_waits is true but response.per_request is false"), m);
        assertTrue(error(set(base(), "latency", null)).contains("latency.p99_ms is required when"));
        Map<String, Object> noShape = set(base(), "model", map("size_mb", 100));
        assertTrue(error(noShape).contains("model.trees/depth/features"), error(noShape));
        assertTrue(error(set(base(), "name", "bad name!")).contains("name must be"));
    }
}
