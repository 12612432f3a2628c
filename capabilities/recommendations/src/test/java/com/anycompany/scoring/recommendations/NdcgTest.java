package com.anycompany.scoring.recommendations;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * NDCG worked by hand from the textbook definition (gain 2^rel − 1, discount log2(position + 1)), not from the code.
 */
class NdcgTest {
    @Test
    void sixItemsWorkedByHand() {
        // ranked relevances 3 2 3 0 1 2 -> gains 7 3 7 0 1 3; discounts log2(2..7) = 1, 1.58496, 2, 2.32193,
        // 2.58496, 2.80735
        // DCG@6  = 7 + 3/1.58496 + 7/2 + 0 + 1/2.58496 + 3/2.80735 = 7 + 1.89279 + 3.5 + 0.38685 + 1.06862 = 13.84826
        // ideal 3 3 2 2 1 0 -> 7 + 7/1.58496 + 3/2 + 3/2.32193 + 1/2.58496 = 7 + 4.41651 + 1.5 + 1.29203 + 0.38685
        //        = 14.59539;  NDCG@6 = 13.84826 / 14.59539 = 0.94881
        double[] ranked = {3, 2, 3, 0, 1, 2};
        assertEquals(13.84826, Ndcg.dcg(ranked, 6), 1e-5);
        assertEquals(0.94881, Ndcg.ndcg(ranked, ranked, 6), 1e-5);
        // @3: (7 + 1.89279 + 3.5) / (7 + 4.41651 + 1.5) = 12.39279 / 12.91651 = 0.95945
        assertEquals(0.95945, Ndcg.ndcg(ranked, ranked, 3), 1e-5);
    }

    @Test
    void twoItemsTheWrongWayRound() {
        // shown 0 then 1: DCG = 0/1 + 1/log2(3) = 0.63093; ideal 1 then 0: 1; NDCG = 0.63093
        assertEquals(0.63093, Ndcg.ndcg(new double[]{0, 1}, new double[]{0, 1}, 5), 1e-5);
        assertEquals(1.0, Ndcg.ndcg(new double[]{1, 0}, new double[]{0, 1}, 5), 1e-12);
    }

    @Test
    void aShownTopIsJudgedAgainstEveryCandidate() {
        // only 2 of 4 shown: relevances 1, 0; the best (3) was not shown. DCG@2 = 1; IDCG@2 = 7 + 1/1.58496 = 7.63093
        assertEquals(1 / 7.63093, Ndcg.ndcg(new double[]{1, 0}, new double[]{0, 3, 1, 0}, 2), 1e-5);
    }

    @Test
    void scoresRankHighestFirstAndTiesKeepTheirOrder() {
        // scores 0.1, 0.9, 0.5 -> order items 1, 2, 0 -> relevances 2, 0, 1; ideal 2, 1, 0
        // DCG = 3 + 0 + 1/2 = 3.5; IDCG = 3 + 1/1.58496 = 3.63093
        assertEquals(3.5 / 3.63093, Ndcg.ofScores(new float[]{0.1f, 0.9f, 0.5f}, new double[]{1, 2, 0}, 5), 1e-5);
        // a tie keeps the given order: item 0 (relevance 0) before item 1 (relevance 1) -> 0.63093
        assertEquals(0.63093, Ndcg.ofScores(new float[]{0.5f, 0.5f}, new double[]{0, 1}, 5), 1e-5);
    }

    @Test
    void aGroupWithNothingRelevantHasNoNdcgAndIsLeftOutOfTheMean() {
        assertTrue(Double.isNaN(Ndcg.ndcg(new double[]{0, 0}, new double[]{0, 0}, 5)));
        assertEquals(0.75, Ndcg.mean(new double[]{1.0, Double.NaN, 0.5}), 1e-12);
    }
}
