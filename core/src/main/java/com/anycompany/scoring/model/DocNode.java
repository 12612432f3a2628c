package com.anycompany.scoring.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A read-only view of one value in a parsed model document (XGBoost JSON or UBJSON), with its path
 * ({@code learner.gradient_booster.model.trees[3].left_children}) so every failure names the artifact and the field.
 * Accessors coerce the representations XGBoost has used over versions: numbers written as strings ("5E-1"), booleans
 * written as 0/1, typed UBJSON arrays. Every failure is a {@link CorruptArtifactException}.
 */
public final class DocNode {
    private final String source;
    /** The node this one is a member or element of; null for the root. */
    private final DocNode parent;
    /** The member name under {@link #parent}, or null for an array element (then {@link #index}). */
    private final String key;
    private final int index;
    private final Object value;
    /** The path, built on first use from the parent's (only failures and callers that ask need it). */
    private String path;

    private DocNode(String source, DocNode parent, String key, int index, Object value) {
        this.source = source;
        this.parent = parent;
        this.key = key;
        this.index = index;
        this.value = value;
        if (parent == null) {
            path = "";
        }
    }

    /** Parses an unwrapped artifact (see {@link ArtifactFormat#unwrap}) into its root node. */
    public static DocNode parse(ArtifactFormat.Unwrapped doc) {
        return parse(doc, Set.of());
    }

    /**
     * Parses an unwrapped artifact into its root node, leaving the values of members named in {@code unread} (anywhere
     * in the document) unread: fields the caller never uses, such as XGBoost's per-node base_weights. Such a member is
     * present, but reading it fails. Its value is checked only as far as finding its end needs: in JSON, an array of
     * numbers only for being number characters, commas and spaces up to its ']' (XGBoost's node arrays; anything else
     * is read in full); in UBJSON, a typed array for its count fitting the bytes left.
     */
    public static DocNode parse(ArtifactFormat.Unwrapped doc, Set<String> unread) {
        Object root;
        try {
            root = switch (doc.format()) {
                case JSON -> JsonDocReader.read(doc.source(), doc.bytes(), unread);
                case UBJSON -> UbjsonDocReader.read(doc.source(), doc.bytes(), unread);
                case BINARY -> LegacyBinaryReader.read(doc.source(), doc.bytes());
            };
        } catch (StackOverflowError | OutOfMemoryError e) {
            throw new CorruptArtifactException(doc.source() + ": the model document is too large or too deeply nested"
                    + " to read (" + e.getClass().getSimpleName() + ")");
        }
        if (root instanceof Map<?, ?> m && !m.containsKey("learner") && m.get("Model") instanceof Map<?, ?> model
                && m.containsKey("Config")) {
            root = model; // XGBoost's memory snapshot {"Config", "Model"} (a pickled 1.3+ Booster's buffer)
        }
        return new DocNode(doc.source(), null, null, -1, root);
    }

    public String source() {
        return source;
    }

    /** Dotted path of this value from the document root; empty for the root. */
    public String path() {
        String p = path;
        if (p == null) {
            String up = parent.path();
            p = key != null ? (up.isEmpty() ? key : up + "." + key) : up + "[" + index + "]";
            path = p;
        }
        return p;
    }

    public boolean isObject() {
        return value instanceof Map;
    }

    public boolean isArray() {
        return value instanceof List || value instanceof DocValues.NumArray;
    }

    public boolean isString() {
        return value instanceof String;
    }

    public boolean isNull() {
        return value == DocValues.Null.INSTANCE;
    }

    /** True when this is an object holding {@code key} with a non-null value. */
    public boolean has(String key) {
        if (!(value instanceof Map<?, ?> m)) {
            return false;
        }
        Object v = m.get(key);
        return v != null && v != DocValues.Null.INSTANCE;
    }

    /** The member {@code key} of this object; fails with "missing &lt;path&gt;" when absent. */
    public DocNode get(String key) {
        Map<?, ?> m = object();
        Object v = m.get(key);
        if (v == null || v == DocValues.Null.INSTANCE) {
            throw fail("missing " + child(key) + " (the artifact is not a complete XGBoost model; re-save it with"
                    + " booster.save_model(\"model.json\"))", child(key));
        }
        return new DocNode(source, this, key, -1, v);
    }

    /** The member {@code key} of this object, or empty when absent or null. */
    public Optional<DocNode> opt(String key) {
        if (!(value instanceof Map<?, ?> m)) {
            return Optional.empty();
        }
        Object v = m.get(key);
        return v == null || v == DocValues.Null.INSTANCE ? Optional.empty()
                : Optional.of(new DocNode(source, this, key, -1, v));
    }

    /** Keys of this object, in document order. */
    public List<String> keys() {
        List<String> out = new ArrayList<>();
        for (Object k : object().keySet()) {
            out.add((String) k);
        }
        return out;
    }

    /** Number of elements of this array. */
    public int size() {
        if (value instanceof DocValues.NumArray a) {
            return a.length();
        }
        return list().size();
    }

    /** Element {@code i} of this array. */
    public DocNode at(int i) {
        if (value instanceof DocValues.NumArray a) {
            if (i < 0 || i >= a.length()) {
                throw fail("index " + i + " out of range", path() + "[" + i + "]");
            }
            return new DocNode(source, this, null, i, new DocValues.Num(a.d(i), a.f(i)));
        }
        List<?> l = list();
        if (i < 0 || i >= l.size()) {
            throw fail("index " + i + " out of range", path() + "[" + i + "]");
        }
        return new DocNode(source, this, null, i, l.get(i));
    }

    /** The elements of this array. */
    public List<DocNode> elements() {
        int n = size();
        List<DocNode> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(at(i));
        }
        return out;
    }

    /** This value as text; numbers and booleans are rendered. */
    public String asString() {
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof DocValues.Num n) {
            return n.d() == Math.rint(n.d()) && !Double.isInfinite(n.d()) ? Long.toString((long) n.d())
                    : Float.toString(n.f());
        }
        if (value instanceof Boolean b) {
            return b.toString();
        }
        throw fail("expected a string but found " + kind(), path());
    }

    /** This value as float32: a number, or a string holding one ("5E-1", or "[5E-1]" with exactly one element). */
    public float asFloat() {
        if (value instanceof DocValues.Num n) {
            return n.f();
        }
        float[] v = asFloatVector();
        if (v.length != 1) {
            throw fail("expected one number but found " + v.length, path());
        }
        return v[0];
    }

    /**
     * This value as a float32 vector: a numeric array, a single number, or a string holding a number or a bracketed
     * comma-separated list (XGBoost 3.x writes base_score as "[5E-1]" or "[a,b,c]").
     */
    public float[] asFloatVector() {
        if (value instanceof DocValues.Num n) {
            return new float[] {n.f()};
        }
        if (value instanceof DocValues.NumArray a) {
            return a.f().clone();
        }
        if (value instanceof String s) {
            String t = s.strip();
            if (t.startsWith("[") && t.endsWith("]")) {
                t = t.substring(1, t.length() - 1).strip();
            }
            if (t.isEmpty()) {
                return new float[0];
            }
            String[] parts = t.split(",");
            float[] out = new float[parts.length];
            for (int i = 0; i < parts.length; i++) {
                try {
                    out[i] = Float.parseFloat(parts[i].strip());
                } catch (NumberFormatException e) {
                    throw fail("expected a number but found \"" + shortened(s) + "\"", path());
                }
            }
            return out;
        }
        if (value instanceof List<?> l && l.isEmpty()) {
            return new float[0];
        }
        throw fail("expected numbers but found " + kind(), path());
    }

    /** This value as a long: an integral number or a string holding one ("3"). */
    public long asLong() {
        double d;
        if (value instanceof DocValues.Num n) {
            d = n.d();
        } else if (value instanceof String s) {
            try {
                return Long.parseLong(s.strip());
            } catch (NumberFormatException e) {
                try {
                    d = Double.parseDouble(s.strip());
                } catch (NumberFormatException e2) {
                    throw fail("expected an integer but found \"" + shortened(s) + "\"", path());
                }
            }
        } else {
            throw fail("expected an integer but found " + kind(), path());
        }
        if (d != Math.rint(d) || Math.abs(d) > 9.007199254740992E15) {
            throw fail("expected an integer but found " + d, path());
        }
        return (long) d;
    }

    /** This value as an int within [min, max]. */
    public int asInt(int min, int max) {
        long v = asLong();
        if (v < min || v > max) {
            throw fail("value " + v + " is outside [" + min + ", " + max + "]", path());
        }
        return (int) v;
    }

    /**
     * This value as a float32 array (a numeric array; an empty array gives an empty result). The array may be the
     * document's own: do not modify it.
     */
    public float[] asFloatArray() {
        if (value instanceof DocValues.NumArray a) {
            return a.f();
        }
        if (value instanceof List<?> l && l.isEmpty()) {
            return new float[0];
        }
        throw fail("expected an array of numbers but found " + kind(), path());
    }

    /**
     * This value as an int array; every element must be integral and within [min, max]. The array may be the
     * document's own: do not modify it.
     */
    public int[] asIntArray(int min, int max) {
        if (value instanceof List<?> l && l.isEmpty()) {
            return new int[0];
        }
        if (!(value instanceof DocValues.NumArray a)) {
            throw fail("expected an array of integers but found " + kind(), path());
        }
        int[] ints = a.ints();
        if (ints != null) {
            for (int i = 0; i < ints.length; i++) {
                int v = ints[i];
                if (v < min || v > max) {
                    throw fail("element " + i + " is " + (double) v + ", expected an integer in [" + min + ", " + max
                            + "]", path());
                }
            }
            return ints;
        }
        double[] d = a.d();
        int[] out = new int[d.length];
        for (int i = 0; i < d.length; i++) {
            double v = d[i];
            if (v != Math.rint(v) || v < min || v > max) {
                throw fail("element " + i + " is " + v + ", expected an integer in [" + min + ", " + max + "]", path());
            }
            out[i] = (int) v;
        }
        return out;
    }

    /** This value as a boolean array: booleans (XGBoost 1.x JSON) or 0/1 numbers. */
    public boolean[] asBoolArray() {
        if (value instanceof DocValues.NumArray a && a.ints() != null) {
            int[] ints = a.ints();
            boolean[] out = new boolean[ints.length];
            for (int i = 0; i < ints.length; i++) {
                int v = ints[i];
                if ((v & ~1) != 0) {
                    throw fail("element " + i + " is " + (double) v + ", expected 0 or 1", path());
                }
                out[i] = v == 1;
            }
            return out;
        }
        if (value instanceof DocValues.NumArray a) {
            double[] d = a.d();
            boolean[] out = new boolean[d.length];
            for (int i = 0; i < d.length; i++) {
                if (d[i] != 0 && d[i] != 1) {
                    throw fail("element " + i + " is " + d[i] + ", expected 0 or 1", path());
                }
                out[i] = d[i] == 1;
            }
            return out;
        }
        List<?> l = list();
        boolean[] out = new boolean[l.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(l.get(i) instanceof Boolean b)) {
                throw fail("element " + i + " is not a boolean or 0/1", path());
            }
            out[i] = b;
        }
        return out;
    }

    /** This value as a list of strings (an array of strings). */
    public List<String> asStringList() {
        if (value instanceof DocValues.NumArray a && a.length() == 0) {
            return List.of();
        }
        List<?> l = list();
        List<String> out = new ArrayList<>(l.size());
        for (int i = 0; i < l.size(); i++) {
            if (!(l.get(i) instanceof String s)) {
                throw fail("element " + i + " is not a string", path());
            }
            out.add(s);
        }
        return List.copyOf(out);
    }

    /** A {@link CorruptArtifactException} naming the artifact and this node's path. */
    public CorruptArtifactException fail(String what) {
        return fail(what, path());
    }

    private CorruptArtifactException fail(String what, String where) {
        String at = where.isEmpty() || what.startsWith("missing ") ? "" : where + ": ";
        return new CorruptArtifactException(source + ": " + at + what);
    }

    private Map<?, ?> object() {
        if (value instanceof Map<?, ?> m) {
            return m;
        }
        throw fail("expected an object but found " + kind(), path());
    }

    private List<?> list() {
        if (value instanceof List<?> l) {
            return l;
        }
        throw fail("expected an array but found " + kind(), path());
    }

    private String child(String key) {
        String p = path();
        return p.isEmpty() ? key : p + "." + key;
    }

    /** A string read from an artifact, as an error message may quote it: at most 40 characters, so a message stays short. */
    public static String shortened(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }

    private String kind() {
        if (value instanceof Map) {
            return "an object";
        }
        if (value instanceof List || value instanceof DocValues.NumArray) {
            return "an array";
        }
        if (value instanceof String s) {
            return "the string \"" + shortened(s) + "\"";
        }
        if (value instanceof DocValues.Num n) {
            return "the number " + n.d();
        }
        if (value instanceof Boolean b) {
            return b.toString();
        }
        if (value == DocValues.Unread.INSTANCE) {
            return "a value left unread (DocNode.parse was asked to skip it)";
        }
        return "null";
    }
}
