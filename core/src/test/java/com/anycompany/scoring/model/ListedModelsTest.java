package com.anycompany.scoring.model;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a run's model snapshot answers, worked by hand from its listing. */
class ListedModelsTest {
    private static final byte[] CARD = {1};
    private static final byte[] ARTIFACT = {2};

    private final ListedModels snapshot = new ListedModels("attrition", "1",
            Map.of("c1", "\"e-card-1\"", "c2", "e-card-2-new", "c3", "\"e-card-3\""),
            Map.of("c1", new ListedModels.Packed("e-card-1", CARD, "models/attrition/clients/c1/1/model.json", ARTIFACT),
                    "c2", new ListedModels.Packed("e-card-2-old", CARD, "models/attrition/clients/c2/1/model.json",
                            ARTIFACT),
                    "c3", new ListedModels.Packed("e-card-3", CARD, "models/attrition/clients/c1/1/model.json",
                            ARTIFACT)));

    @Test
    void coversOnlyClientVersionsOfItsModelVersion() {
        assertTrue(snapshot.covers(new ModelRef("attrition", "1", "c9")));
        assertFalse(snapshot.covers(new ModelRef("attrition", "2", "c1")), "another version");
        assertFalse(snapshot.covers(new ModelRef("salary", "1", "c1")), "another model");
        assertFalse(snapshot.covers(ModelRef.of("attrition", "1")), "the global model");
        assertNull(snapshot.cardETag(new ModelRef("attrition", "2", "c1")));
        assertNull(snapshot.cardETag(new ModelRef("attrition", "1", "c9")), "not listed: no card");
    }

    @Test
    void packedBytesAreUsedOnlyWhenReadWithTheListedCardETagAndForTheirOwnClient() {
        assertTrue(snapshot.current(new ModelRef("attrition", "1", "c1")).isPresent(), "quoted or not, same ETag");
        assertTrue(snapshot.current(new ModelRef("attrition", "1", "c2")).isEmpty(), "card changed since packed");
        assertTrue(snapshot.current(new ModelRef("attrition", "1", "c3")).isEmpty(), "artifact of another client");
        assertTrue(snapshot.current(new ModelRef("attrition", "2", "c1")).isEmpty(), "another version");
    }

    @Test
    void eTagsCompareWithOrWithoutQuotesAndNullIsNeverTheSame() {
        assertTrue(ListedModels.sameETag("\"abc\"", "abc"));
        assertTrue(ListedModels.sameETag("abc", "abc"));
        assertFalse(ListedModels.sameETag("\"abc\"", "\"abd\""));
        assertFalse(ListedModels.sameETag(null, null));
        assertFalse(ListedModels.sameETag("abc", null));
        assertFalse(ListedModels.sameETag("\"", ""), "a lone quote is not stripped");
    }
}
