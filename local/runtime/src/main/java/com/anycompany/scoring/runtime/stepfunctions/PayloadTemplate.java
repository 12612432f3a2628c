package com.anycompany.scoring.runtime.stepfunctions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A payload template (Parameters, ResultSelector, ItemSelector, ItemReader Parameters): a JSON value whose object
 * keys ending in {@code .$} take a path ({@code $.a}, {@code $$.Map.Item.Value}) or an intrinsic call; the key is
 * written without the suffix. Compiled at load time so a bad path or unknown intrinsic is refused before running.
 */
final class PayloadTemplate {
    private final Node root;

    private PayloadTemplate(Node root) {
        this.root = root;
    }

    /** @param where for load errors, e.g. "state 'Plan': Parameters" */
    static PayloadTemplate compile(JsonNode template, String where) {
        return new PayloadTemplate(compileNode(template, where));
    }

    JsonNode apply(Intrinsics.Scope scope) {
        return root.eval(scope);
    }

    private sealed interface Node permits Constant, Dynamic, Obj, Arr {
        JsonNode eval(Intrinsics.Scope scope);
    }

    private record Constant(JsonNode value) implements Node {
        public JsonNode eval(Intrinsics.Scope scope) {
            return value.deepCopy();
        }
    }

    private record Dynamic(String field, Intrinsics.Expr expr) implements Node {
        public JsonNode eval(Intrinsics.Scope scope) {
            return expr.eval(scope, field).deepCopy();
        }
    }

    private record Obj(Map<String, Node> fields) implements Node {
        public JsonNode eval(Intrinsics.Scope scope) {
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            fields.forEach((k, v) -> out.set(k, v.eval(scope)));
            return out;
        }
    }

    private record Arr(List<Node> items) implements Node {
        public JsonNode eval(Intrinsics.Scope scope) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            items.forEach(i -> out.add(i.eval(scope)));
            return out;
        }
    }

    private static Node compileNode(JsonNode t, String where) {
        if (t.isObject()) {
            Map<String, Node> fields = new LinkedHashMap<>();
            var it = t.fields();
            while (it.hasNext()) {
                var e = it.next();
                String key = e.getKey();
                if (key.endsWith(".$")) {
                    String name = key.substring(0, key.length() - 2);
                    if (!e.getValue().isTextual()) {
                        throw new AslDefinitionException(where + ": field '" + key
                                + "' must be a string holding a path or an intrinsic function");
                    }
                    fields.put(name, new Dynamic(key, compileExpression(e.getValue().asText(), where + ": field '" + key + "'")));
                } else {
                    fields.put(key, compileNode(e.getValue(), where));
                }
            }
            return new Obj(fields);
        }
        if (t.isArray()) {
            List<Node> items = new ArrayList<>();
            t.forEach(i -> items.add(compileNode(i, where)));
            return new Arr(items);
        }
        return new Constant(t);
    }

    static Intrinsics.Expr compileExpression(String text, String where) {
        try {
            if (JsonPath.looksLikePath(text)) {
                return new Intrinsics.PathRef(JsonPath.parse(text));
            }
            if (Intrinsics.looksLikeCall(text)) {
                return Intrinsics.parse(text);
            }
        } catch (IllegalArgumentException e) {
            throw new AslDefinitionException(where + ": " + e.getMessage());
        }
        throw new AslDefinitionException(where + ": '" + text + "' is neither a path ($...) nor an intrinsic function (States.*)");
    }
}
