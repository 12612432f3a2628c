package com.anycompany.scoring.rollout;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelAliasesTest {
    @Test
    void promoteShiftAndRollbackKeepAHistory() {
        ModelAliases a = ModelAliases.initial("fraud", "1").shift("2", 25);
        assertEquals(new ModelAliases.Challenger("2", 25), a.challenger());
        ModelAliases promoted = a.shift("2", 100);
        assertEquals("2", promoted.champion());
        assertNull(promoted.challenger());
        assertEquals(List.of("1"), promoted.previous());
        assertEquals("1", promoted.rollback().champion());
        assertEquals("1", a.rollback().champion(), "rolling back a challenger keeps the champion");
        assertNull(a.rollback().challenger());
        assertThrows(IllegalStateException.class, () -> ModelAliases.initial("fraud", "1").rollback());
        assertThrows(IllegalArgumentException.class, () -> a.shift("3", 101));
    }

    @Test
    void theFileFormatRoundTrips() {
        ModelAliases a = ModelAliases.initial("attrition", "4").shift("5", 10).withShadow("6")
                .withClient("client-0042", "5").stamped("2026-11-25T10:00:00Z", "alice");
        String json = new String(AliasStore.toJson(a), StandardCharsets.UTF_8);
        assertTrue(json.contains("\"challenger\" : {"), json);
        assertTrue(json.contains("\"clients\" : {"), json);
        assertEquals(a, AliasStore.parse("attrition", json.getBytes(StandardCharsets.UTF_8)));
        assertThrows(IllegalStateException.class, () -> AliasStore.parse("fraud", json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void assignmentIsStickyDeterministicAndMonotonicInTheWeight() {
        // fixed values: the same in every JVM (SHA-256), so containers agree on who is on the challenger
        assertEquals(StickyAssignment.bucket("fraud", "emp-0000042"), StickyAssignment.bucket("fraud", "emp-0000042"));
        int on10 = 0;
        int on50 = 0;
        for (int i = 0; i < 10_000; i++) {
            String e = "emp-" + i;
            boolean at10 = StickyAssignment.toChallenger("fraud", e, 10);
            boolean at50 = StickyAssignment.toChallenger("fraud", e, 50);
            assertTrue(!at10 || at50, "raising the weight never moves an entity back to the champion");
            on10 += at10 ? 1 : 0;
            on50 += at50 ? 1 : 0;
        }
        assertTrue(Math.abs(on10 - 1000) < 150, "about 10%: " + on10);
        assertTrue(Math.abs(on50 - 5000) < 300, "about 50%: " + on50);
        assertEquals(0, countOn(0));
        assertEquals(2000, countOn(100));
    }

    private static int countOn(int weight) {
        int on = 0;
        for (int i = 0; i < 2000; i++) {
            on += StickyAssignment.toChallenger("fraud", "acct-" + i, weight) ? 1 : 0;
        }
        return on;
    }

    @Test
    void perClientCanaryAndShadowRoute() {
        ModelAliases a = ModelAliases.initial("attrition", "4").withClient("client-0042", "5").withShadow("6");
        assertEquals(Map.of("client-0042", "5"), a.clients());
        assertTrue(a.describe().contains("clients={client-0042=5}"), a.describe());
        assertEquals(Map.of(), a.withClient("client-0042", null).clients());
    }
}
