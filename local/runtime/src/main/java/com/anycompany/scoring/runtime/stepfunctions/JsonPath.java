package com.anycompany.scoring.runtime.stepfunctions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/**
 * The reference-path subset of JSONPath that ASL uses: {@code $}, {@code $.a.b}, {@code $['a b']}, {@code $.a[0]},
 * and {@code $$.Execution.Name} for the context object. Wildcards, filters, slices and recursive descent are refused
 * at parse time ({@link IllegalArgumentException}, reported as a load error), never evaluated wrongly.
 */
final class JsonPath {
    private final String text;
    private final boolean context;
    private final List<Object> steps; // String field names or Integer indices

    private JsonPath(String text, boolean context, List<Object> steps) {
        this.text = text;
        this.context = context;
        this.steps = List.copyOf(steps);
    }

    static boolean looksLikePath(String s) {
        return s.startsWith("$");
    }

    static JsonPath parse(String text) {
        if (text == null || !text.startsWith("$")) {
            throw new IllegalArgumentException("'" + text + "' is not a path (a path starts with $)");
        }
        boolean context = text.startsWith("$$");
        int i = context ? 2 : 1;
        List<Object> steps = new ArrayList<>();
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (c == '.') {
                if (i + 1 < n && text.charAt(i + 1) == '.') {
                    throw unsupported(text, "recursive descent '..'");
                }
                int start = ++i;
                while (i < n && text.charAt(i) != '.' && text.charAt(i) != '[') {
                    i++;
                }
                String name = text.substring(start, i);
                if (name.isEmpty()) {
                    throw new IllegalArgumentException("path '" + text + "' has an empty field name");
                }
                if (name.equals("*")) {
                    throw unsupported(text, "wildcard '*'");
                }
                steps.add(name);
            } else if (c == '[') {
                int close = findClose(text, i);
                String inner = text.substring(i + 1, close).trim();
                if ((inner.startsWith("'") && inner.endsWith("'") || inner.startsWith("\"") && inner.endsWith("\""))
                        && inner.length() >= 2) {
                    steps.add(inner.substring(1, inner.length() - 1));
                } else if (inner.matches("\\d+")) {
                    steps.add(Integer.parseInt(inner));
                } else if (inner.equals("*")) {
                    throw unsupported(text, "wildcard '[*]'");
                } else if (inner.startsWith("?")) {
                    throw unsupported(text, "filter expression '[" + inner + "]'");
                } else if (inner.contains(":") || inner.contains(",")) {
                    throw unsupported(text, "slice or union '[" + inner + "]'");
                } else if (inner.matches("-\\d+")) {
                    throw unsupported(text, "negative index '[" + inner + "]'");
                } else {
                    throw new IllegalArgumentException("path '" + text + "': cannot read '[" + inner + "]'");
                }
                i = close + 1;
            } else {
                throw new IllegalArgumentException("path '" + text + "': unexpected '" + c + "' at position " + i);
            }
        }
        return new JsonPath(text, context, steps);
    }

    private static int findClose(String text, int open) {
        char quote = 0;
        for (int j = open + 1; j < text.length(); j++) {
            char c = text.charAt(j);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == ']') {
                return j;
            }
        }
        throw new IllegalArgumentException("path '" + text + "': unclosed '['");
    }

    private static IllegalArgumentException unsupported(String text, String what) {
        return new IllegalArgumentException("path '" + text + "' uses " + what
                + ", which the local executor does not support (only $, $.field, $['field'] and $.array[N])");
    }

    boolean isContext() {
        return context;
    }

    boolean isRoot() {
        return steps.isEmpty();
    }

    String text() {
        return text;
    }

    /** The node at this path, or {@code null} when a step is missing (the caller turns that into States.Runtime). */
    JsonNode find(JsonNode input, JsonNode contextObject) {
        JsonNode node = context ? contextObject : input;
        for (Object step : steps) {
            if (node == null) {
                return null;
            }
            if (step instanceof Integer idx) {
                node = node.isArray() && idx < node.size() ? node.get(idx) : null;
            } else {
                node = node.isObject() ? node.get((String) step) : null;
            }
        }
        return node;
    }

    /** The node at this path; a missing one fails the state with States.Runtime naming the path and the field. */
    JsonNode read(JsonNode input, JsonNode contextObject, String field) {
        JsonNode found = find(input, contextObject);
        if (found == null) {
            throw StateFailure.runtime("The JSONPath '" + text + "' specified for the field '" + field
                    + "' could not be found in the input '" + abbreviate(context ? contextObject : input) + "'");
        }
        return found;
    }

    /**
     * ResultPath: the input with {@code value} placed at this path (a deep copy; intermediate objects are created).
     * {@code $} replaces the input.
     */
    JsonNode write(JsonNode input, JsonNode value) {
        if (context) {
            throw new IllegalStateException("ResultPath cannot point into the context object");
        }
        if (steps.isEmpty()) {
            return value;
        }
        if (!input.isObject()) {
            throw StateFailure.runtime("Unable to apply ResultPath '" + text + "' to input '" + abbreviate(input)
                    + "': the input is not a JSON object");
        }
        JsonNode root = input.deepCopy();
        JsonNode node = root;
        for (int k = 0; k < steps.size(); k++) {
            Object step = steps.get(k);
            boolean last = k == steps.size() - 1;
            if (step instanceof Integer idx) {
                if (!(node instanceof ArrayNode arr) || idx >= arr.size()) {
                    throw StateFailure.runtime("Unable to apply ResultPath '" + text + "': no array element [" + idx + "]");
                }
                if (last) {
                    arr.set(idx, value);
                } else {
                    node = arr.get(idx);
                }
            } else {
                if (!(node instanceof ObjectNode obj)) {
                    throw StateFailure.runtime("Unable to apply ResultPath '" + text + "' to input '"
                            + abbreviate(input) + "': '" + step + "' is not inside an object");
                }
                if (last) {
                    obj.set((String) step, value);
                } else {
                    JsonNode child = obj.get((String) step);
                    if (child == null || child.isNull()) {
                        child = JsonNodeFactory.instance.objectNode();
                        obj.set((String) step, child);
                    }
                    node = child;
                }
            }
        }
        return root;
    }

    static String abbreviate(JsonNode node) {
        String s = String.valueOf(node);
        return s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }

    @Override
    public String toString() {
        return text;
    }
}
