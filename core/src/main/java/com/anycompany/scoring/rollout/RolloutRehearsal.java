package com.anycompany.scoring.rollout;

import com.anycompany.scoring.feature.RecordView;
import com.anycompany.scoring.model.LoadedModel;
import com.anycompany.scoring.model.ModelCard;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Replays recorded traffic through the champion and a candidate and walks a deployment schedule (e.g. 25 → 50 → 75
 * → 100% for fraud). At each step the candidate serves the entities a sticky split gives it; the step reports what
 * the rollback alarms would see on the blended traffic (error rate, p99 scoring time, REVIEW-rate shift from the
 * champion's baseline) and, on the candidate's slice, the mean absolute score delta and decision flips against the
 * champion. The first step that breaches an alarm is where the deployment would roll back.
 */
public final class RolloutRehearsal {
    /** One recorded request: the sticky key and the record. */
    public record Request(String entityId, RecordView record) {
    }

    /** Alarm thresholds, as in template.yaml. */
    public record Thresholds(double maxErrorRate, double p99BudgetMillis, double maxRelativeReviewShift,
                             double maxFailureRatio) {
        public Thresholds(double maxErrorRate, double p99BudgetMillis, double maxRelativeReviewShift) {
            this(maxErrorRate, p99BudgetMillis, maxRelativeReviewShift, 1.0);
        }
    }

    public record Step(int number, int percent, int onCandidate, int errors, double errorRate, double p99Millis,
                       double reviewRate, double relativeShift, double meanAbsDelta, int flips, int missedReviews,
                       List<String> alarms) {
        public boolean breached() {
            return !alarms.isEmpty();
        }
    }

    public record Report(String model, String champion, String candidate, int requests, int scorable,
                         double baselineReviewRate, List<Step> steps, Step rollbackAt) {
        public boolean rollsBack() {
            return rollbackAt != null;
        }
    }

    private RolloutRehearsal() {
    }

    public static Report run(LoadedModel champion, LoadedModel candidate, List<Request> traffic, List<Integer> schedule,
                             Thresholds thresholds) {
        return run(champion, candidate, traffic, schedule, thresholds, null);
    }

    /**
     * ... where {@code candidateUndelivered[i]} says that the candidate's decision for request i was not delivered
     * (its send path ran and failed; null: not exercised). Such a request is a failed message: with scoring errors it
     * makes the step's failure ratio, which FraudFailureRatioAlarm watches.
     */
    public static Report run(LoadedModel champion, LoadedModel candidate, List<Request> traffic, List<Integer> schedule,
                             Thresholds thresholds, boolean[] candidateUndelivered) {
        ModelCard cc = champion.card();
        ModelCard nc = candidate.card();
        int n = traffic.size();
        float[] a = new float[n];
        float[] b = new float[n];
        double[] ta = new double[n];
        double[] tb = new double[n];
        boolean[] badA = new boolean[n];
        boolean[] badB = new boolean[n];
        for (int i = 0; i < n; i++) {
            RecordView r = traffic.get(i).record();
            long t0 = System.nanoTime();
            try {
                a[i] = champion.score(r, "request " + i)[0];
            } catch (RuntimeException e) {
                badA[i] = true;
            }
            long t1 = System.nanoTime();
            try {
                b[i] = candidate.score(r, "request " + i)[0];
            } catch (RuntimeException e) {
                badB[i] = true;
            }
            long t2 = System.nanoTime();
            ta[i] = (t1 - t0) / 1e6;
            tb[i] = (t2 - t1) / 1e6;
        }
        // requests the champion cannot score are malformed input, not a deployment signal: left out of every rate
        int scorable = 0;
        int baseReviews = 0;
        for (int i = 0; i < n; i++) {
            if (!badA[i]) {
                scorable++;
                baseReviews += isReview(cc, a[i]) ? 1 : 0;
            }
        }
        double baseline = scorable == 0 ? 0 : baseReviews / (double) scorable;
        String model = cc.name();
        List<Step> steps = new ArrayList<>();
        Step rollback = null;
        for (int s = 0; s < schedule.size(); s++) {
            int pct = schedule.get(s);
            int onCandidate = 0;
            int errors = 0;
            int reviews = 0;
            int served = 0;
            int flips = 0;
            int missed = 0;
            int undelivered = 0;
            double deltaSum = 0;
            List<Double> latencies = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                if (badA[i]) {
                    continue;
                }
                String entity = traffic.get(i).entityId() == null ? "request-" + i : traffic.get(i).entityId();
                boolean toCandidate = StickyAssignment.toChallenger(model, entity, pct);
                if (!toCandidate) {
                    served++;
                    reviews += isReview(cc, a[i]) ? 1 : 0;
                    latencies.add(ta[i]);
                    continue;
                }
                onCandidate++;
                latencies.add(tb[i]);
                if (badB[i]) {
                    errors++;
                    continue;
                }
                if (candidateUndelivered != null && candidateUndelivered[i]) {
                    undelivered++;
                }
                served++;
                boolean reviewB = isReview(nc, b[i]);
                boolean reviewA = isReview(cc, a[i]);
                reviews += reviewB ? 1 : 0;
                deltaSum += Math.abs((double) a[i] - b[i]);
                if (reviewA != reviewB) {
                    flips++;
                    missed += reviewA ? 1 : 0;
                }
            }
            double errorRate = scorable == 0 ? 0 : errors / (double) scorable;
            double p99 = GoldenGate.percentile(latencies.stream().mapToDouble(Double::doubleValue).toArray(), 99);
            double rate = served == 0 ? 0 : reviews / (double) served;
            double shift = baseline == 0 ? (rate == 0 ? 0 : Double.POSITIVE_INFINITY) : Math.abs(rate - baseline) / baseline;
            int scoredOnCandidate = onCandidate - errors;
            List<String> alarms = new ArrayList<>();
            if (errorRate > thresholds.maxErrorRate()) {
                alarms.add(String.format("FraudErrorsAlarm: %d errors (%.2f%%)", errors, errorRate * 100));
            }
            double failureRatio = scorable == 0 ? 0 : (errors + undelivered) / (double) scorable;
            if (failureRatio > thresholds.maxFailureRatio()) {
                alarms.add(String.format("FraudFailureRatioAlarm: %d of %d messages failed (%.2f%%, %d decisions not "
                        + "delivered) > %.2f%%", errors + undelivered, scorable, failureRatio * 100, undelivered,
                        thresholds.maxFailureRatio() * 100));
            }
            if (p99 > thresholds.p99BudgetMillis()) {
                alarms.add(String.format("FraudLatencyAlarm: p99 %.2f ms > %.0f ms", p99, thresholds.p99BudgetMillis()));
            }
            if (shift > thresholds.maxRelativeReviewShift()) {
                alarms.add(String.format("FraudScoreShiftAlarm: REVIEW rate %.2f%% is %.0f%% off the baseline %.2f%% "
                        + "(threshold %.0f%%)", rate * 100, shift * 100, baseline * 100,
                        thresholds.maxRelativeReviewShift() * 100));
            }
            Step step = new Step(s + 1, pct, onCandidate, errors, errorRate, p99, rate, shift,
                    scoredOnCandidate == 0 ? 0 : deltaSum / scoredOnCandidate, flips, missed, List.copyOf(alarms));
            steps.add(step);
            if (step.breached()) {
                rollback = step;
                break;
            }
        }
        return new Report(model, cc.version(), nc.version(), n, scorable, baseline, steps, rollback);
    }

    private static boolean isReview(ModelCard card, float score) {
        return card.output().hasThreshold() && card.output().decide(score).equals(card.output().positive());
    }

    /** The steps of a CodeDeploy traffic-shifting strategy: linear p% → [p, 2p, …, 100], canary p% → [p, 100]. */
    public static List<Integer> linear(int percent) {
        List<Integer> out = new ArrayList<>();
        for (int p = percent; p < 100; p += percent) {
            out.add(p);
        }
        out.add(100);
        return out;
    }

    public static List<Integer> canary(int percent) {
        return percent >= 100 ? List.of(100) : Arrays.asList(percent, 100);
    }
}
