package com.anycompany.scoring.feature;

import com.anycompany.scoring.model.CategoryVocabulary;
import com.anycompany.scoring.model.FeatureSpec;
import com.anycompany.scoring.model.FeatureType;
import com.anycompany.scoring.model.InvalidRecordException;
import com.anycompany.scoring.model.MissingRule;
import com.anycompany.scoring.model.ModelCard;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Maps a record to the model's feature vector by name, whatever the field or column order, following the card:
 * types, required or optional, allowed range, and what a missing value means. Unknown fields are ignored.
 * Every problem in a record is collected and reported at once in one {@link InvalidRecordException}.
 *
 * <p>Missing means: the field is absent, JSON null, an empty cell, or the text "NaN"/"null" (any case).
 * Numbers are strict: "12,50", "1e", "0x10" and "Infinity" are errors, not guesses.
 *
 * <p>A feature with a {@code categories} vocabulary maps a text value to its index (the category code); text outside
 * the vocabulary maps to the vocabulary size, a code no split has seen, so it goes where XGBoost sends an unseen
 * category. A number is taken as the code itself.
 *
 * <p>A feature whose vocabulary comes from the model itself (XGBoost 3.1+ {@code cats}, when the card has none) is
 * mapped as XGBoost 3.x re-codes a DataFrame: a name maps to its index, a name outside the vocabulary is an error in
 * that record (XGBoost: "Found a category not in the training set"), a number is the code itself; for integer names
 * (a DataFrame whose categories were integers) a number or numeric text is the name and is looked up.
 */
public final class FeatureSchema {
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");

    private final List<FeatureSpec> specs;
    private final List<Map<String, Integer>> codes;
    /** Per feature, the model's own vocabulary when it maps that feature (the card has none); else null. */
    private final List<CategoryVocabulary> fromModel;

    public FeatureSchema(List<FeatureSpec> specs) {
        this(specs, List.of());
    }

    /**
     * A schema whose categorical features without a card vocabulary use the model's own ({@code modelVocabularies}:
     * one entry per feature, null where the model has none; or empty).
     */
    public FeatureSchema(List<FeatureSpec> specs, List<CategoryVocabulary> modelVocabularies) {
        if (specs.isEmpty()) {
            throw new IllegalArgumentException("a feature schema needs at least one feature");
        }
        this.specs = List.copyOf(specs);
        if (!modelVocabularies.isEmpty() && modelVocabularies.size() != specs.size()) {
            throw new IllegalArgumentException("the model has category vocabularies for " + modelVocabularies.size()
                    + " features but the schema has " + specs.size());
        }
        List<Map<String, Integer>> c = new ArrayList<>(specs.size());
        List<CategoryVocabulary> m = new ArrayList<>(specs.size());
        for (int i = 0; i < this.specs.size(); i++) {
            FeatureSpec spec = this.specs.get(i);
            CategoryVocabulary model = modelVocabularies.isEmpty() ? null : modelVocabularies.get(i);
            List<String> names = spec.categories() != null ? spec.categories()
                    : model != null ? model.categories() : null;
            m.add(spec.categories() == null ? model : null);
            c.add(names == null ? null : index(names));
        }
        this.codes = c;
        this.fromModel = m;
    }

    private static Map<String, Integer> index(List<String> names) {
        Map<String, Integer> m = new HashMap<>(names.size() * 2);
        for (int k = 0; k < names.size(); k++) {
            m.put(names.get(k), k);
        }
        return m;
    }

    public static FeatureSchema of(ModelCard card) {
        return new FeatureSchema(card.features());
    }

    public int size() {
        return specs.size();
    }

    public List<FeatureSpec> specs() {
        return specs;
    }

    public List<String> names() {
        return specs.stream().map(FeatureSpec::name).toList();
    }

    /** Maps into a new vector. */
    public float[] map(RecordView record, String label) {
        float[] out = new float[specs.size()];
        map(record, label, out);
        return out;
    }

    /**
     * Maps {@code record} into {@code out} (model column order, NaN for missing).
     *
     * @param label names the record in error messages, e.g. "transaction 42" or "row 17"
     * @throws InvalidRecordException listing every problem in the record
     */
    public void map(RecordView record, String label, float[] out) {
        List<String> problems = null;
        for (int i = 0; i < specs.size(); i++) {
            FeatureSpec spec = specs.get(i);
            Object raw = record.get(spec.name());
            String problem;
            if (isMissing(raw)) {
                if (spec.required()) {
                    problem = "'" + spec.name() + "' is required but missing";
                } else {
                    out[i] = spec.missing() == MissingRule.IMPUTE ? spec.impute().floatValue() : Float.NaN;
                    continue;
                }
            } else if (fromModel.get(i) != null) {
                problem = modelCategory(spec, fromModel.get(i).integers(), codes.get(i), raw, out, i);
            } else {
                problem = raw instanceof String s && codes.get(i) != null
                        ? category(codes.get(i), s, out, i) : convert(spec, raw, out, i);
            }
            if (problem != null) {
                if (problems == null) {
                    problems = new ArrayList<>(4);
                }
                problems.add(problem);
            }
        }
        if (problems != null) {
            throw new InvalidRecordException(label, problems);
        }
    }

    /** Lists the required features a CSV header lacks, so a file fails once, up front, instead of on every row. */
    public List<String> missingRequiredColumns(CsvHeader header) {
        return specs.stream().filter(FeatureSpec::required).map(FeatureSpec::name)
                .filter(n -> header.indexOf(n) < 0).toList();
    }

    /** True when a raw field value counts as missing: absent, null, blank, "nan"/"null", or NaN. */
    public static boolean isMissing(Object raw) {
        if (raw == null) {
            return true;
        }
        if (raw instanceof String s) {
            String t = s.trim();
            return t.isEmpty() || t.equalsIgnoreCase("nan") || t.equalsIgnoreCase("null");
        }
        return raw instanceof Double d && d.isNaN();
    }

    private static String convert(FeatureSpec spec, Object raw, float[] out, int i) {
        double value;
        if (spec.type() == FeatureType.BOOL) {
            Boolean b = asBoolean(raw);
            if (b == null) {
                return "'" + spec.name() + "' is not a boolean (got " + kind(raw) + "); use true/false or 1/0";
            }
            out[i] = b ? 1f : 0f;
            return null;
        }
        if (raw instanceof Number n) {
            value = n.doubleValue();
        } else if (raw instanceof String s && NUMBER.matcher(s.trim()).matches()) {
            value = Double.parseDouble(s.trim());
        } else if (raw instanceof Boolean) {
            return "'" + spec.name() + "' is a boolean but must be a number";
        } else {
            return "'" + spec.name() + "' is not a number (got " + kind(raw) + ": send digits with an optional '.' and "
                    + "no thousands separators, currency or words)";
        }
        if (!Double.isFinite(value)) {
            return "'" + spec.name() + "' is not a finite number";
        }
        if (spec.type() == FeatureType.INT && value != Math.rint(value)) {
            return "'" + spec.name() + "' must be a whole number";
        }
        if (spec.min() != null && value < spec.min()) {
            return "'" + spec.name() + "' is below the minimum " + fmt(spec.min());
        }
        if (spec.max() != null && value > spec.max()) {
            return "'" + spec.name() + "' is above the maximum " + fmt(spec.max());
        }
        out[i] = (float) value;
        return null;
    }

    private static String category(Map<String, Integer> vocabulary, String s, float[] out, int i) {
        Integer code = vocabulary.get(s);
        if (code == null) {
            code = vocabulary.getOrDefault(s.trim(), vocabulary.size());
        }
        out[i] = code;
        return null;
    }

    /**
     * Maps a value through the model's own vocabulary as XGBoost 3.x re-codes a DataFrame: an unknown name is this
     * record's error, as XGBoost refuses it. The message names the feature, never the value (it may be personal).
     */
    private static String modelCategory(FeatureSpec spec, boolean integers, Map<String, Integer> vocabulary,
            Object raw, float[] out, int i) {
        String name;
        if (integers && (raw instanceof Number || raw instanceof String)) {
            String t = raw instanceof String s ? s.trim() : null;
            double d = raw instanceof Number n ? n.doubleValue()
                    : NUMBER.matcher(t).matches() ? Double.parseDouble(t) : Double.NaN;
            if (d != Math.rint(d) || Math.abs(d) > 9.007199254740992E15) {
                return "'" + spec.name() + "' must be one of the model's integer categories (got " + kind(raw) + ")";
            }
            name = Long.toString((long) d);
        } else if (raw instanceof String s) {
            name = vocabulary.containsKey(s) ? s : s.trim();
        } else {
            return convert(spec, raw, out, i); // a number is the category code itself, as XGBoost's DMatrix takes it
        }
        Integer code = vocabulary.get(name);
        if (code == null) {
            return "'" + spec.name() + "' holds a category the model was not trained on (XGBoost refuses categories"
                    + " outside the training set); map it to a known category or retrain";
        }
        out[i] = code;
        return null;
    }

    private static Boolean asBoolean(Object raw) {
        if (raw instanceof Boolean b) {
            return b;
        }
        if (raw instanceof Number n) {
            double d = n.doubleValue();
            return d == 1 ? Boolean.TRUE : d == 0 ? Boolean.FALSE : null;
        }
        if (raw instanceof String s) {
            return switch (s.trim().toLowerCase(Locale.ROOT)) {
                case "true", "1" -> Boolean.TRUE;
                case "false", "0" -> Boolean.FALSE;
                default -> null;
            };
        }
        return null;
    }

    /**
     * What kind of value was sent, never the value: error messages name the field and the problem only, so no personal
     * data (a name typed into an amount, a salary out of range) reaches a log, a report or a dead-letter record.
     */
    private static String kind(Object raw) {
        if (raw instanceof String) {
            return "text";
        }
        if (raw instanceof java.util.Map<?, ?>) {
            return "an object";
        }
        if (raw instanceof java.util.Collection<?> || raw != null && raw.getClass().isArray()) {
            return "a list";
        }
        return raw instanceof Boolean ? "a boolean" : "a value of another type";
    }

    private static String fmt(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? String.valueOf((long) d) : String.valueOf(d);
    }
}
