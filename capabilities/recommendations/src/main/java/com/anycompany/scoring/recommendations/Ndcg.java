package com.anycompany.scoring.recommendations;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Normalised discounted cumulative gain, by its textbook definition (Järvelin &amp; Kekäläinen 2002, with the
 * exponential gain of Burges et al. 2005, as XGBoost's {@code ndcg} uses):
 * {@code DCG@k = Σ_{i=1..k} (2^rel_i − 1) / log2(i + 1)} over the first k items of a ranking (position i from 1), and
 * {@code NDCG@k = DCG@k / IDCG@k}, where IDCG@k is the DCG@k of the same items sorted by relevance, best first. A
 * group with no relevant item (IDCG = 0) has no NDCG: {@link Double#NaN}, left out of {@link #mean}.
 */
public final class Ndcg {
    private Ndcg() {
    }

    /** DCG@k of relevance labels given in ranked order (fewer than k items: all of them). */
    public static double dcg(double[] rankedRelevance, int k) {
        double sum = 0;
        for (int i = 0; i < Math.min(k, rankedRelevance.length); i++) {
            sum += (Math.pow(2, rankedRelevance[i]) - 1) / (Math.log(i + 2) / Math.log(2));
        }
        return sum;
    }

    /**
     * NDCG@k of a ranking: {@code rankedRelevance} are the labels of the items in the order shown (may be only the
     * top of the list), {@code allRelevance} the labels of every item the ranking chose from (for the ideal DCG).
     */
    public static double ndcg(double[] rankedRelevance, double[] allRelevance, int k) {
        double[] ideal = allRelevance.clone();
        Arrays.sort(ideal);
        for (int i = 0, j = ideal.length - 1; i < j; i++, j--) {
            double t = ideal[i];
            ideal[i] = ideal[j];
            ideal[j] = t;
        }
        double idcg = dcg(ideal, k);
        return idcg == 0 ? Double.NaN : dcg(rankedRelevance, k) / idcg;
    }

    /** NDCG@k of ranking the items by score, highest first (equal scores keep their given order). */
    public static double ofScores(float[] scores, double[] relevance, int k) {
        double[] ranked = IntStream.range(0, scores.length).boxed()
                .sorted(Comparator.comparingDouble((Integer i) -> -scores[i]).thenComparingInt(i -> i))
                .mapToDouble(i -> relevance[i]).toArray();
        return ndcg(ranked, relevance, k);
    }

    /** Mean over groups, leaving out those without NDCG (NaN); NaN when none has one. */
    public static double mean(double[] perGroup) {
        return Arrays.stream(perGroup).filter(d -> !Double.isNaN(d)).average().orElse(Double.NaN);
    }
}
