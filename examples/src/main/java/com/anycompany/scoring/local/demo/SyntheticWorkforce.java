package com.anycompany.scoring.local.demo;

import com.anycompany.scoring.model.FeatureSpec;
import com.anycompany.scoring.model.FeatureType;
import com.anycompany.scoring.model.MissingRule;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A deterministic synthetic workforce for the monthly attrition run: {@code employees} employees spread unevenly over
 * {@code clients} client companies (c0001, c0002, …). Each client has its own attrition drivers (some lose people to
 * pay, some to overtime, some to manager churn), so a per-client model beats the global one. About 10% of clients
 * are new and have no model of their own yet (they fall back to the global model). Snapshots carry identifiers and a
 * department the model must not use, and a small share of rows are malformed the way HR exports are.
 */
public final class SyntheticWorkforce {
    public static final List<FeatureSpec> FEATURES = List.of(
            spec("tenure_months", FeatureType.INT, true, 0.0, 600.0),
            spec("age", FeatureType.INT, true, 16.0, 90.0),
            spec("salary_band", FeatureType.INT, true, 1.0, 10.0),
            spec("months_since_raise", FeatureType.INT, false, 0.0, 240.0),
            spec("overtime_hours", FeatureType.FLOAT, false, 0.0, 200.0),
            spec("performance_rating", FeatureType.INT, false, 1.0, 5.0),
            spec("manager_changes_2y", FeatureType.INT, false, 0.0, 20.0),
            spec("commute_km", FeatureType.FLOAT, false, 0.0, 500.0),
            spec("engagement_score", FeatureType.FLOAT, false, 0.0, 100.0));
    public static final List<String> ID_COLUMNS = List.of("employee_id", "client_id", "department");
    private static final String[] DEPARTMENTS = {"payroll", "sales", "engineering", "support", "operations", "finance"};

    /** One client: id, employees this month, whether it has a model, its attrition drivers. */
    public record Client(String id, int index, int employees, boolean hasModel, double[] weights, double bias) {
    }

    /** One employee row: ids, feature values (NaN = missing) and, for history rows, whether they left. */
    public record Employee(String employeeId, String clientId, String department, float[] features, boolean left) {
    }

    private final long seed;
    private final List<Client> clients;

    public SyntheticWorkforce(long seed, int clients, int employees) {
        if (clients < 1 || employees < clients) {
            throw new IllegalArgumentException("need at least one client and one employee per client");
        }
        this.seed = seed;
        SplittableRandom r = new SplittableRandom(seed);
        double[] share = new double[clients];
        double total = 0;
        for (int i = 0; i < clients; i++) {
            share[i] = 0.4 + r.nextDouble() * 1.6;   // 0.4x .. 2x the mean size
            total += share[i];
        }
        int[] sizes = new int[clients];
        int assigned = 0;
        for (int i = 0; i < clients; i++) {
            sizes[i] = Math.max(1, (int) Math.floor(employees * share[i] / total));
            assigned += sizes[i];
        }
        for (int i = 0; assigned < employees; i = (i + 1) % clients) {
            sizes[i]++;
            assigned++;
        }
        for (int i = clients - 1; assigned > employees; i = (i + clients - 1) % clients) {
            if (sizes[i] > 1) {
                sizes[i]--;
                assigned--;
            }
        }
        List<Client> list = new ArrayList<>(clients);
        for (int i = 0; i < clients; i++) {
            double[] w = new double[FEATURES.size()];
            w[0] = -0.8 - r.nextDouble();          // tenure lowers attrition
            w[1] = -0.3 * r.nextDouble();          // age
            w[2] = -0.4 - 0.6 * r.nextDouble();    // pay band
            w[3] = 0.2 + 1.2 * r.nextDouble();     // months since raise
            w[4] = 0.1 + 1.4 * r.nextDouble();     // overtime
            w[5] = -0.3 - 0.7 * r.nextDouble();    // performance
            w[6] = 0.2 + 1.2 * r.nextDouble();     // manager churn
            w[7] = 0.1 + 0.8 * r.nextDouble();     // commute
            w[8] = -0.5 - 1.0 * r.nextDouble();    // engagement
            boolean hasModel = r.nextDouble() >= 0.10;
            list.add(new Client(String.format(Locale.ROOT, "c%04d", i + 1), i, sizes[i], hasModel, w,
                    -1.6 + 0.8 * r.nextDouble()));
        }
        this.clients = List.copyOf(list);
    }

    public List<Client> clients() {
        return clients;
    }

    public long seed() {
        return seed;
    }

    /** Labelled history for training a client's model (employees who stayed or left over the past year). */
    public List<Employee> history(Client c, int rows) {
        SplittableRandom r = new SplittableRandom(seed * 31 + c.index() * 7919L + 1);
        List<Employee> out = new ArrayList<>(rows);
        for (int i = 0; i < rows; i++) {
            out.add(employee(r, c, String.format(Locale.ROOT, "h-%s-%05d", c.id(), i), true));
        }
        return out;
    }

    /** The month's snapshot of a client's employees (no labels); employee ids are stable across months. */
    public List<Employee> snapshot(Client c, String month) {
        SplittableRandom r = new SplittableRandom(seed * 17 + c.index() * 104_729L + month.hashCode());
        List<Employee> out = new ArrayList<>(c.employees());
        for (int i = 0; i < c.employees(); i++) {
            out.add(employee(r, c, String.format(Locale.ROOT, "e-%s-%05d", c.id(), i), false));
        }
        return out;
    }

    private static Employee employee(SplittableRandom r, Client c, String id, boolean labelled) {
        float tenure = (float) Math.min(600, Math.floor(-Math.log(1 - r.nextDouble()) * 60));
        float age = (float) Math.max(18, Math.min(70, Math.round(22 + tenure / 12 + r.nextGaussian() * 8)));
        float band = (float) Math.max(1, Math.min(10, Math.round(2 + tenure / 60 + r.nextGaussian() * 1.5)));
        float sinceRaise = r.nextDouble() < 0.05 ? Float.NaN : (float) Math.min(240, Math.floor(r.nextDouble() * 36));
        float overtime = r.nextDouble() < 0.08 ? Float.NaN : (float) Math.max(0, Math.round(r.nextGaussian() * 12 + 8));
        float rating = r.nextDouble() < 0.1 ? Float.NaN : (float) Math.max(1, Math.min(5, Math.round(3 + r.nextGaussian())));
        float managers = (float) Math.min(20, Math.floor(-Math.log(1 - r.nextDouble()) * 0.8));
        float commute = r.nextDouble() < 0.05 ? Float.NaN : (float) Math.round(Math.min(500, -Math.log(1 - r.nextDouble()) * 15) * 10) / 10f;
        float engagement = r.nextDouble() < 0.15 ? Float.NaN : (float) Math.round(Math.max(0, Math.min(100, 65 + r.nextGaussian() * 15)));
        float[] x = {tenure, age, band, sinceRaise, overtime, rating, managers, commute, engagement};
        boolean left = false;
        if (labelled) {
            double[] z = {(tenure - 60) / 60, (age - 40) / 12, (band - 4) / 2, nz(sinceRaise, 18, 12),
                    nz(overtime, 8, 12), nz(rating, 3, 1), managers - 0.8, nz(commute, 15, 15), nz(engagement, 65, 15)};
            double logit = c.bias();
            for (int k = 0; k < z.length; k++) {
                logit += c.weights()[k] * z[k];
            }
            left = r.nextDouble() < 1 / (1 + Math.exp(-logit));
        }
        return new Employee(id, c.id(), DEPARTMENTS[r.nextInt(DEPARTMENTS.length)], x, left);
    }

    private static double nz(float v, double mean, double sd) {
        return Float.isNaN(v) ? 0 : (v - mean) / sd;
    }

    /** The CSV header of snapshots: ids first, then the features. */
    public static String csvHeader() {
        List<String> cols = new ArrayList<>(ID_COLUMNS);
        FEATURES.forEach(f -> cols.add(f.name()));
        return String.join(",", cols);
    }

    /** A snapshot as CSV; {@code malformedRate} of rows are broken (seeded), as HR exports are. */
    public String csv(Client c, String month, double malformedRate) {
        SplittableRandom bad = new SplittableRandom(seed * 13 + c.index() * 7L + month.hashCode());
        StringBuilder sb = new StringBuilder(c.employees() * 80);
        sb.append(csvHeader()).append('\n');
        for (Employee e : snapshot(c, month)) {
            if (bad.nextDouble() < malformedRate) {
                sb.append(malformed(bad, e)).append('\n');
            } else {
                sb.append(csvRow(e)).append('\n');
            }
        }
        return sb.toString();
    }

    static String csvRow(Employee e) {
        StringBuilder sb = new StringBuilder(96);
        sb.append(e.employeeId()).append(',').append(e.clientId()).append(',').append(e.department());
        for (int k = 0; k < e.features().length; k++) {
            sb.append(',');
            float v = e.features()[k];
            if (!Float.isNaN(v)) {
                sb.append(FEATURES.get(k).type() == FeatureType.FLOAT ? Float.toString(v) : Integer.toString((int) v));
            }
        }
        return sb.toString();
    }

    private static String malformed(SplittableRandom r, Employee e) {
        String row = csvRow(e);
        return switch (r.nextInt(5)) {
            case 0 -> row.replaceFirst("^([^,]*,[^,]*,[^,]*),[^,]*", "$1,n/a");                // tenure "n/a"
            case 1 -> row.replaceFirst("^([^,]*,[^,]*,[^,]*,[^,]*),[^,]*", "$1,");              // age missing
            case 2 -> row + ",EXTRA";                                                         // one cell too many
            case 3 -> row.replaceFirst("^([^,]*,[^,]*,[^,]*,[^,]*),[^,]*", "$1,250");           // age out of range
            default -> row.substring(0, row.lastIndexOf(','));                                // truncated row
        };
    }

    private static FeatureSpec spec(String name, FeatureType type, boolean required, Double min, Double max) {
        return new FeatureSpec(name, type, required, min, max, MissingRule.TREE_DEFAULT, null, null);
    }
}
