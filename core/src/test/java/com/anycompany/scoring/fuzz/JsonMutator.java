package com.anycompany.scoring.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;

/**
 * The one structure-aware JSON mutator of the fuzz tests (issue 18, item 7). It takes a valid document and applies
 * a few mutations at random places of its tree: wrong types, huge, tiny and overlong numbers, long strings, arrays
 * and objects nested up to 40 deep, removed and added members, arrays grown to 0..1,000 copies of an element, the
 * root wrapped or replaced, and, on the serialised text, duplicate keys and unusual encodings (a BOM, escaped and
 * lone-surrogate key names, NUL, full-width digits). Deterministic for a given list of {@link Mutation}s, so jqwik
 * shrinks and replays failures. Knows nothing of the document's meaning: every entry point's test feeds its own
 * valid document and asserts its own contract.
 */
public final class JsonMutator {
    /** How many kinds of mutation there are. */
    public static final int KINDS = 12;
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    /** One mutation: what to do, and a seed that picks where and with what. */
    public record Mutation(int kind, long seed) {
    }

    private JsonMutator() {
    }

    /** 1 to {@code max} mutations. */
    public static Arbitrary<List<Mutation>> mutations(int max) {
        return Combinators.combine(Arbitraries.integers().between(0, KINDS - 1), Arbitraries.longs())
                .as(Mutation::new).list().ofMinSize(1).ofMaxSize(max);
    }

    /** The valid document with the mutations applied, serialised (the text may no longer be valid JSON). */
    public static String mutate(JsonNode valid, List<Mutation> ms) {
        JsonNode doc = valid.deepCopy();
        List<String> textual = new ArrayList<>();
        for (Mutation m : ms) {
            doc = mutate(doc, m, textual);
        }
        String text = doc.toString(); // Jackson's JsonNode.toString() writes valid JSON
        for (String t : textual) {
            text = textualMutation(text, t);
        }
        return text;
    }

    private static JsonNode mutate(JsonNode doc, Mutation m, List<String> textual) {
        Random rnd = new Random(m.seed());
        switch (m.kind()) {
            case 0 -> replaceSomewhere(doc, rnd, wrongType(rnd));
            case 1 -> replaceSomewhere(doc, rnd, number(rnd));
            case 2 -> replaceSomewhere(doc, rnd, F.textNode(longString(rnd)));
            case 3 -> replaceSomewhere(doc, rnd, nested(rnd, 1 + rnd.nextInt(40)));
            case 4 -> textual.add("dup:" + rnd.nextInt(1000));
            case 5 -> textual.add("enc:" + rnd.nextInt(6) + ":" + rnd.nextInt(1000));
            case 6 -> growArray(doc, rnd);
            case 7 -> removeSomewhere(doc, rnd);
            case 8 -> addField(doc, rnd);
            case 9 -> {
                return wrapRoot(doc, rnd);
            }
            case 10 -> replaceSomewhere(doc, rnd, F.textNode(String.valueOf(rnd.nextInt(20))));
            default -> replaceSomewhere(doc, rnd, F.objectNode().set("x", nested(rnd, 1 + rnd.nextInt(20))));
        }
        return doc;
    }

    private static JsonNode wrongType(Random rnd) {
        return switch (rnd.nextInt(6)) {
            case 0 -> F.nullNode();
            case 1 -> F.booleanNode(rnd.nextBoolean());
            case 2 -> F.textNode("x");
            case 3 -> F.arrayNode();
            case 4 -> F.objectNode();
            default -> F.numberNode(rnd.nextInt());
        };
    }

    private static JsonNode number(Random rnd) {
        return switch (rnd.nextInt(9)) {
            case 0 -> F.numberNode(Double.MAX_VALUE);
            case 1 -> F.numberNode(-Double.MAX_VALUE);
            case 2 -> F.numberNode(Double.MIN_VALUE);
            case 3 -> F.numberNode(Long.MAX_VALUE);
            case 4 -> F.numberNode(new BigInteger("9".repeat(1 + rnd.nextInt(80))));
            case 5 -> F.numberNode(new BigDecimal("1e" + (rnd.nextInt(800) - 400)));
            case 6 -> F.numberNode(-0.0);
            case 7 -> F.numberNode(rnd.nextGaussian() * 1e6);
            default -> F.numberNode(Integer.MIN_VALUE);
        };
    }

    private static String longString(Random rnd) {
        int n = new int[] {0, 1, 64, 1000, 20_000, 300_000}[rnd.nextInt(6)];
        return "é".repeat(n / 2) + "a".repeat(n - n / 2);
    }

    private static JsonNode nested(Random rnd, int depth) {
        JsonNode n = F.numberNode(1);
        for (int i = 0; i < depth; i++) {
            n = rnd.nextBoolean() ? F.arrayNode().add(n) : F.objectNode().set("k", n);
        }
        return n;
    }

    /** Every container node of the document (objects and arrays), in document order. */
    private static List<JsonNode> containers(JsonNode doc) {
        List<JsonNode> out = new ArrayList<>();
        if (doc.isContainerNode()) {
            out.add(doc);
            for (JsonNode c : doc) {
                out.addAll(containers(c));
            }
        }
        return out;
    }

    /** Every member name of the document's objects. */
    private static List<String> names(JsonNode doc) {
        List<String> out = new ArrayList<>();
        for (JsonNode c : containers(doc)) {
            if (c.isObject()) {
                c.fieldNames().forEachRemaining(out::add);
            }
        }
        return out;
    }

    private static void replaceSomewhere(JsonNode doc, Random rnd, JsonNode value) {
        List<JsonNode> cs = containers(doc);
        if (cs.isEmpty()) {
            return;
        }
        JsonNode c = cs.get(rnd.nextInt(cs.size()));
        if (c instanceof ObjectNode o && o.size() > 0) {
            List<String> names = new ArrayList<>();
            o.fieldNames().forEachRemaining(names::add);
            o.set(names.get(rnd.nextInt(names.size())), value);
        } else if (c instanceof ArrayNode a && a.size() > 0) {
            a.set(rnd.nextInt(a.size()), value);
        }
    }

    private static void removeSomewhere(JsonNode doc, Random rnd) {
        List<JsonNode> cs = containers(doc);
        if (cs.isEmpty()) {
            return;
        }
        JsonNode c = cs.get(rnd.nextInt(cs.size()));
        if (c instanceof ObjectNode o && o.size() > 0) {
            Iterator<String> it = o.fieldNames();
            int skip = rnd.nextInt(o.size());
            String name = null;
            for (int i = 0; i <= skip; i++) {
                name = it.next();
            }
            o.remove(name);
        } else if (c instanceof ArrayNode a && a.size() > 0) {
            a.remove(rnd.nextInt(a.size()));
        }
    }

    /** A member named like one of the document's own (or oddly) in some object; a wrong-typed element in an array. */
    private static void addField(JsonNode doc, Random rnd) {
        List<JsonNode> cs = containers(doc);
        if (cs.isEmpty()) {
            return;
        }
        JsonNode c = cs.get(rnd.nextInt(cs.size()));
        List<String> own = names(doc);
        String name = own.isEmpty() || rnd.nextInt(3) == 0
                ? new String[] {"", "\u0000", "ü".repeat(300), "__proto__", "x"}[rnd.nextInt(5)]
                : own.get(rnd.nextInt(own.size()));
        if (c instanceof ObjectNode o) {
            o.set(name, rnd.nextBoolean() ? wrongType(rnd) : number(rnd));
        } else if (c instanceof ArrayNode a) {
            a.add(wrongType(rnd));
        }
    }

    /** Some array becomes 0 to 1,000 copies of one of its elements. */
    private static void growArray(JsonNode doc, Random rnd) {
        List<ArrayNode> arrays = new ArrayList<>();
        for (JsonNode c : containers(doc)) {
            if (c instanceof ArrayNode a) {
                arrays.add(a);
            }
        }
        if (arrays.isEmpty()) {
            return;
        }
        ArrayNode a = arrays.get(rnd.nextInt(arrays.size()));
        JsonNode first = a.isEmpty() ? F.objectNode() : a.get(rnd.nextInt(a.size()));
        int n = new int[] {0, 1, 2, 99, 100, 101, 1000}[rnd.nextInt(7)];
        a.removeAll();
        for (int i = 0; i < n; i++) {
            a.add(first.deepCopy());
        }
    }

    private static JsonNode wrapRoot(JsonNode doc, Random rnd) {
        return switch (rnd.nextInt(4)) {
            case 0 -> F.arrayNode().add(doc);
            case 1 -> F.textNode(doc.toString());
            case 2 -> F.nullNode();
            default -> F.objectNode().set("records", doc);
        };
    }

    /** Mutations a tree cannot hold: duplicate keys and encodings, applied to the serialised text. */
    private static String textualMutation(String body, String what) {
        String[] p = what.split(":");
        int arg = Integer.parseInt(p[1]);
        if (p[0].equals("dup")) {
            // repeat the first member of some object: {"a":1,...} -> {"a":1,"a":1,...}
            List<Integer> opens = new ArrayList<>();
            for (int i = body.indexOf("{\""); i >= 0; i = body.indexOf("{\"", i + 1)) {
                opens.add(i);
            }
            if (opens.isEmpty()) {
                return body;
            }
            int at = opens.get(arg % opens.size());
            int colon = body.indexOf("\":", at);
            int end = colon < 0 ? -1 : valueEnd(body, colon + 2);
            return end < 0 ? body : body.substring(0, end) + "," + body.substring(at + 1, end) + body.substring(end);
        }
        int pick = Integer.parseInt(p[2]);
        String key = someKey(body, pick);
        return switch (arg) {
            case 0 -> "\uFEFF" + body;
            case 1 -> key == null || key.isEmpty() ? body
                    : body.replace("\"" + key + "\"", "\"\\u" + String.format("%04x", (int) key.charAt(0))
                            + key.substring(1) + "\"");
            case 2 -> key == null ? body : body.replace("\"" + key + "\"", "\"" + key + "\\ud800\"");
            case 3 -> body.replaceFirst(":", ":\"\u0000\",\"z\":");
            case 4 -> body.replace("1", "\uFF11");
            default -> body + "\u0000";
        };
    }

    /** The pick-th (modulo) simple key {@code "name":} of the text, or null. */
    private static String someKey(String body, int pick) {
        List<String> keys = new ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"([A-Za-z_][A-Za-z0-9_]*)\":").matcher(body);
        while (m.find() && keys.size() < 200) {
            keys.add(m.group(1));
        }
        return keys.isEmpty() ? null : keys.get(pick % keys.size());
    }

    /** The index just past a simple JSON value starting at {@code from} (a number, literal or string), or -1. */
    private static int valueEnd(String s, int from) {
        if (from >= s.length()) {
            return -1;
        }
        char c = s.charAt(from);
        if (c == '"') {
            for (int i = from + 1; i < s.length(); i++) {
                if (s.charAt(i) == '\\') {
                    i++;
                } else if (s.charAt(i) == '"') {
                    return i + 1;
                }
            }
            return -1;
        }
        if (c == '{' || c == '[') {
            return -1;
        }
        int i = from;
        while (i < s.length() && ",}]".indexOf(s.charAt(i)) < 0) {
            i++;
        }
        return i;
    }
}
