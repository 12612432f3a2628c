package com.anycompany.scoring.local.demo;

import com.anycompany.scoring.records.Json;
import com.anycompany.scoring.model.FeatureSpec;
import com.anycompany.scoring.model.FeatureType;
import com.anycompany.scoring.model.MissingRule;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Realistic synthetic payroll transactions with a fraud label, reproducible from a seed. Fraud is rare (about 2%) and
 * shows the patterns payroll investigators look for: pay far above the employee's average, off-cycle runs, a bank
 * account changed days before, new payees, night and weekend submissions, short tenure, manual adjustments.
 * Records also carry identifiers and personal fields the model must ignore.
 */
public final class SyntheticPayroll {
    public static final List<FeatureSpec> FEATURES = List.of(
            spec("amount", FeatureType.FLOAT, true, 0.0, 1_000_000.0, null),
            spec("amount_to_avg_ratio", FeatureType.FLOAT, true, 0.0, 1000.0, null),
            spec("employee_tenure_days", FeatureType.INT, true, 0.0, 20_000.0, null),
            spec("hour_of_day", FeatureType.INT, true, 0.0, 23.0, null),
            spec("day_of_week", FeatureType.INT, true, 0.0, 6.0, null),
            spec("is_off_cycle", FeatureType.BOOL, true, null, null, null),
            spec("days_since_bank_change", FeatureType.INT, false, 0.0, 20_000.0, null),
            spec("payments_last_30d", FeatureType.INT, true, 0.0, 100.0, null),
            spec("is_new_payee", FeatureType.BOOL, false, null, null, 0.0),
            spec("manual_adjustment_pct", FeatureType.FLOAT, false, 0.0, 100.0, null));

    private static final ObjectMapper JSON = Json.MAPPER;

    /** One transaction: the JSON fields as sent, and whether it is fraud (the training label; never sent). */
    public record Tx(Map<String, Object> fields, boolean fraud) {
        public String json() {
            try {
                return JSON.writeValueAsString(fields);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }

        public String id() {
            return (String) fields.get("transactionId");
        }
    }

    private final SplittableRandom random;

    public SyntheticPayroll(long seed) {
        this.random = new SplittableRandom(seed);
    }

    private static FeatureSpec spec(String name, FeatureType type, boolean required, Double min, Double max,
                                    Double impute) {
        return new FeatureSpec(name, type, required, min, max,
                impute == null ? MissingRule.TREE_DEFAULT : MissingRule.IMPUTE, impute, null);
    }

    public List<Tx> transactions(int n, String idPrefix) {
        List<Tx> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(next(idPrefix + String.format("%07d", i)));
        }
        return out;
    }

    public Tx next(String transactionId) {
        double tenure = Math.floor(Math.exp(random.nextDouble(2, 9.2)));
        double avg = Math.exp(random.nextGaussian(8.0, 0.45));
        boolean offCycle = random.nextDouble() < 0.06;
        Double bankChange = random.nextDouble() < 0.35 ? Math.floor(Math.exp(random.nextDouble(0, 8))) : null;
        boolean newPayee = random.nextDouble() < 0.04;
        int hour = random.nextDouble() < 0.9 ? random.nextInt(7, 19) : random.nextInt(0, 24);
        int dow = random.nextDouble() < 0.93 ? random.nextInt(0, 5) : random.nextInt(5, 7);
        double ratio = Math.max(0.05, random.nextGaussian(1.0, 0.12) * (offCycle ? random.nextDouble(0.2, 1.5) : 1));
        Double manual = random.nextDouble() < 0.1 ? Math.round(random.nextDouble(0, 30) * 100) / 100.0 : null;
        int payments = offCycle ? random.nextInt(2, 6) : random.nextInt(1, 4);

        double risk = -5.6
                + 1.6 * Math.max(0, ratio - 1.6)
                + (offCycle ? 1.0 : 0)
                + (bankChange != null && bankChange < 10 ? 1.8 : 0)
                + (newPayee ? 1.4 : 0)
                + (hour < 6 || hour > 21 ? 0.9 : 0)
                + (dow >= 5 ? 0.6 : 0)
                + (tenure < 90 ? 0.9 : 0)
                + (manual != null ? manual / 15.0 : 0);
        boolean fraud = random.nextDouble() < 1 / (1 + Math.exp(-risk));
        if (fraud && random.nextDouble() < 0.6) {
            ratio *= random.nextDouble(2.5, 9);
        }
        double amount = Math.round(avg * ratio * 100) / 100.0;

        Map<String, Object> f = new LinkedHashMap<>();
        f.put("transactionId", transactionId);
        f.put("clientId", String.format("client-%04d", random.nextInt(1, 1200)));
        f.put("employeeId", String.format("emp-%07d", random.nextInt(1, 3_000_000)));
        f.put("employeeSsn", String.format("%03d-%02d-%04d", random.nextInt(100, 900), random.nextInt(10, 99),
                random.nextInt(1000, 9999)));
        f.put("currency", "USD");
        f.put("amount", amount);
        f.put("amount_to_avg_ratio", Math.round(ratio * 1000) / 1000.0);
        f.put("employee_tenure_days", (long) tenure);
        f.put("hour_of_day", hour);
        f.put("day_of_week", dow);
        f.put("is_off_cycle", offCycle);
        f.put("days_since_bank_change", bankChange == null ? null : bankChange.longValue());
        f.put("payments_last_30d", payments);
        if (newPayee || random.nextBoolean()) {
            f.put("is_new_payee", newPayee);
        }
        f.put("manual_adjustment_pct", manual);
        return new Tx(f, fraud);
    }

    /** A message body that is not a scorable transaction, of one of several kinds real feeds produce. */
    public String malformed(String transactionId) {
        Tx tx = next(transactionId);
        Map<String, Object> f = new LinkedHashMap<>(tx.fields());
        switch (random.nextInt(6)) {
            case 0 -> f.put("amount", String.format("%d,%02d", random.nextInt(10, 9999), random.nextInt(100)));
            case 1 -> f.remove("employee_tenure_days");
            case 2 -> f.put("hour_of_day", 27);
            case 3 -> {
                return "{\"transactionId\": \"" + transactionId + "\", \"amount\": 12";
            }
            case 4 -> f.remove("transactionId");
            default -> f.put("is_off_cycle", "maybe");
        }
        return new Tx(f, false).json();
    }

    /** Training matrix: rows of the model's features in card order (NaN for missing), and labels. */
    public static float[][] matrix(List<Tx> txs) {
        float[][] x = new float[txs.size()][FEATURES.size()];
        for (int r = 0; r < txs.size(); r++) {
            Map<String, Object> f = txs.get(r).fields();
            for (int c = 0; c < FEATURES.size(); c++) {
                FeatureSpec spec = FEATURES.get(c);
                Object v = f.get(spec.name());
                x[r][c] = v == null ? (spec.impute() != null ? spec.impute().floatValue() : Float.NaN)
                        : v instanceof Boolean b ? (b ? 1f : 0f) : ((Number) v).floatValue();
            }
        }
        return x;
    }

    public static float[] labels(List<Tx> txs) {
        float[] y = new float[txs.size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = txs.get(i).fraud() ? 1f : 0f;
        }
        return y;
    }
}
