package com.anycompany.scoring.runtime.stepfunctions;

import com.anycompany.scoring.records.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * ASL intrinsic functions ({@code States.Format('{} rows', $.count)}), parsed at load time (an unknown function or a
 * malformed call is a load error) and evaluated at run time. Every intrinsic AWS documents for JSONPath is supported:
 * Format, StringToJson, JsonToString, Array, ArrayPartition, ArrayContains, ArrayRange, ArrayGetItem, ArrayLength,
 * ArrayUnique, Base64Encode, Base64Decode, Hash, JsonMerge (shallow, as in AWS), MathRandom, MathAdd, StringSplit and
 * UUID. {@code States.UUID()} and {@code States.MathRandom} without a seed are deterministic per execution, branch and
 * call sequence, so a local run can be repeated.
 */
final class Intrinsics {
    static final Set<String> FUNCTIONS = Set.of("States.Format", "States.StringToJson", "States.JsonToString",
            "States.Array", "States.ArrayPartition", "States.ArrayContains", "States.ArrayRange", "States.ArrayGetItem",
            "States.ArrayLength", "States.ArrayUnique", "States.Base64Encode", "States.Base64Decode", "States.Hash",
            "States.JsonMerge", "States.MathRandom", "States.MathAdd", "States.StringSplit", "States.UUID");
    private static final ObjectMapper JSON = Json.MAPPER;
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final Map<String, String> HASHES = Map.of("MD5", "MD5", "SHA-1", "SHA-1", "SHA-256", "SHA-256",
            "SHA-384", "SHA-384", "SHA-512", "SHA-512");

    private Intrinsics() {
    }

    static boolean looksLikeCall(String s) {
        return s.startsWith("States.");
    }

    /** Where an intrinsic runs: the state's input, the context object, and the per-branch random source. */
    interface Scope {
        JsonNode input();

        JsonNode contextObject();

        /** A deterministic random source for this branch of this execution. */
        Random random();
    }

    sealed interface Expr permits Literal, PathRef, Call {
        JsonNode eval(Scope scope, String field);
    }

    record Literal(JsonNode value) implements Expr {
        public JsonNode eval(Scope scope, String field) {
            return value;
        }
    }

    record PathRef(JsonPath path) implements Expr {
        public JsonNode eval(Scope scope, String field) {
            return path.read(scope.input(), scope.contextObject(), field);
        }
    }

    record Call(String name, List<Expr> args) implements Expr {
        public JsonNode eval(Scope scope, String field) {
            List<JsonNode> values = new ArrayList<>(args.size());
            for (Expr a : args) {
                values.add(a.eval(scope, field));
            }
            try {
                return apply(name, values, scope);
            } catch (StateFailure f) {
                throw f;
            } catch (RuntimeException e) {
                throw StateFailure.runtime("The intrinsic " + name + " in field '" + field + "' failed: "
                        + e.getMessage());
            }
        }
    }

    // ---- parsing -----------------------------------------------------------------------------------------------

    static Expr parse(String text) {
        Parser p = new Parser(text);
        Expr e = p.call();
        p.skipSpaces();
        if (p.pos != text.length()) {
            throw new IllegalArgumentException("intrinsic '" + text + "': unexpected text after the call at position " + p.pos);
        }
        return e;
    }

    private static final class Parser {
        final String s;
        int pos;

        Parser(String s) {
            this.s = s;
        }

        void skipSpaces() {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
        }

        Call call() {
            skipSpaces();
            int start = pos;
            while (pos < s.length() && (Character.isLetterOrDigit(s.charAt(pos)) || s.charAt(pos) == '.')) {
                pos++;
            }
            String name = s.substring(start, pos);
            if (!FUNCTIONS.contains(name)) {
                throw new IllegalArgumentException("intrinsic function '" + name + "' is not supported by the local"
                        + " executor (supported: " + String.join(", ", new java.util.TreeSet<>(FUNCTIONS)) + ")");
            }
            expect('(');
            List<Expr> args = new ArrayList<>();
            skipSpaces();
            if (peek() == ')') {
                pos++;
            } else {
                while (true) {
                    args.add(arg());
                    skipSpaces();
                    char c = next();
                    if (c == ')') {
                        break;
                    }
                    if (c != ',') {
                        throw error("expected ',' or ')'");
                    }
                }
            }
            checkArity(name, args.size());
            return new Call(name, List.copyOf(args));
        }

        Expr arg() {
            skipSpaces();
            char c = peek();
            if (c == '\'') {
                return new Literal(F.textNode(string()));
            }
            if (c == '$') {
                int start = pos;
                int depth = 0;
                char quote = 0;
                while (pos < s.length()) {
                    char d = s.charAt(pos);
                    if (quote != 0) {
                        if (d == quote) {
                            quote = 0;
                        }
                    } else if (d == '\'' || d == '"') {
                        quote = d;
                    } else if (d == '[') {
                        depth++;
                    } else if (d == ']') {
                        depth--;
                    } else if (depth == 0 && (d == ',' || d == ')' || Character.isWhitespace(d))) {
                        break;
                    }
                    pos++;
                }
                return new PathRef(JsonPath.parse(s.substring(start, pos)));
            }
            if (s.startsWith("States.", pos)) {
                return call();
            }
            int start = pos;
            while (pos < s.length() && s.charAt(pos) != ',' && s.charAt(pos) != ')' && !Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
            String token = s.substring(start, pos);
            switch (token) {
                case "true":
                    return new Literal(F.booleanNode(true));
                case "false":
                    return new Literal(F.booleanNode(false));
                case "null":
                    return new Literal(F.nullNode());
                default:
                    try {
                        BigDecimal d = new BigDecimal(token);
                        if (d.scale() <= 0 && d.abs().compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) <= 0) {
                            return new Literal(F.numberNode(d.intValueExact()));
                        }
                        return new Literal(d.scale() <= 0 && d.abs().compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) < 0
                                ? F.numberNode(d.longValueExact()) : F.numberNode(d));
                    } catch (NumberFormatException | ArithmeticException e) {
                        throw error("cannot read argument '" + token + "'");
                    }
            }
        }

        String string() {
            expect('\'');
            StringBuilder b = new StringBuilder();
            while (true) {
                if (pos >= s.length()) {
                    throw error("unterminated string");
                }
                char c = s.charAt(pos++);
                if (c == '\\') {
                    if (pos >= s.length()) {
                        throw error("dangling escape");
                    }
                    char e = s.charAt(pos++);
                    // keep \{ and \} escaped for States.Format; they are unescaped when formatting
                    if (e == '{' || e == '}') {
                        b.append('\\');
                    }
                    b.append(e);
                } else if (c == '\'') {
                    return b.toString();
                } else {
                    b.append(c);
                }
            }
        }

        char peek() {
            if (pos >= s.length()) {
                throw error("unexpected end");
            }
            return s.charAt(pos);
        }

        char next() {
            char c = peek();
            pos++;
            return c;
        }

        void expect(char c) {
            skipSpaces();
            if (next() != c) {
                throw error("expected '" + c + "'");
            }
        }

        IllegalArgumentException error(String what) {
            return new IllegalArgumentException("intrinsic '" + s + "': " + what + " at position " + pos);
        }
    }

    private static void checkArity(String name, int n) {
        int min;
        int max;
        switch (name) {
            case "States.Format" -> { min = 1; max = Integer.MAX_VALUE; }
            case "States.Array" -> { min = 0; max = Integer.MAX_VALUE; }
            case "States.UUID" -> { min = 0; max = 0; }
            case "States.StringToJson", "States.JsonToString", "States.ArrayLength", "States.ArrayUnique",
                    "States.Base64Encode", "States.Base64Decode" -> { min = 1; max = 1; }
            case "States.ArrayRange", "States.JsonMerge" -> { min = 3; max = 3; }
            case "States.MathRandom" -> { min = 2; max = 3; }
            default -> { min = 2; max = 2; }
        }
        if (n < min || n > max) {
            throw new IllegalArgumentException(name + " takes " + (min == max ? String.valueOf(min)
                    : max == Integer.MAX_VALUE ? "at least " + min : min + " to " + max) + " arguments, not " + n);
        }
    }

    // ---- evaluation --------------------------------------------------------------------------------------------

    static JsonNode apply(String name, List<JsonNode> a, Scope scope) {
        switch (name) {
            case "States.Format": {
                String template = text(a.get(0), name);
                StringBuilder out = new StringBuilder();
                int arg = 1;
                for (int i = 0; i < template.length(); i++) {
                    char c = template.charAt(i);
                    if (c == '\\' && i + 1 < template.length()) {
                        out.append(template.charAt(++i));
                    } else if (c == '{' && i + 1 < template.length() && template.charAt(i + 1) == '}') {
                        if (arg >= a.size()) {
                            throw new IllegalArgumentException("more {} placeholders than arguments");
                        }
                        JsonNode v = a.get(arg++);
                        out.append(v.isTextual() ? v.asText() : v.toString());
                        i++;
                    } else {
                        out.append(c);
                    }
                }
                if (arg != a.size()) {
                    throw new IllegalArgumentException((a.size() - arg) + " argument(s) left without a {} placeholder");
                }
                return F.textNode(out.toString());
            }
            case "States.StringToJson":
                try {
                    return JSON.readTree(text(a.get(0), name));
                } catch (JsonProcessingException e) {
                    throw new IllegalArgumentException("the argument is not JSON: " + e.getOriginalMessage());
                }
            case "States.JsonToString":
                return F.textNode(a.get(0).toString());
            case "States.Array": {
                ArrayNode arr = F.arrayNode();
                a.forEach(arr::add);
                return arr;
            }
            case "States.ArrayPartition": {
                ArrayNode in = array(a.get(0), name);
                int size = integer(a.get(1), name);
                if (size <= 0) {
                    throw new IllegalArgumentException("the chunk size must be positive, not " + size);
                }
                ArrayNode out = F.arrayNode();
                ArrayNode chunk = null;
                for (int i = 0; i < in.size(); i++) {
                    if (i % size == 0) {
                        chunk = out.addArray();
                    }
                    chunk.add(in.get(i));
                }
                return out;
            }
            case "States.ArrayContains": {
                for (JsonNode n : array(a.get(0), name)) {
                    if (n.equals(a.get(1))) {
                        return F.booleanNode(true);
                    }
                }
                return F.booleanNode(false);
            }
            case "States.ArrayRange": {
                int start = integer(a.get(0), name);
                int end = integer(a.get(1), name);
                int step = integer(a.get(2), name);
                if (step == 0) {
                    throw new IllegalArgumentException("the step must not be 0");
                }
                ArrayNode out = F.arrayNode();
                for (long v = start; step > 0 ? v <= end : v >= end; v += step) {
                    if (out.size() >= 1000) {
                        throw new IllegalArgumentException("the range has more than 1000 elements");
                    }
                    out.add(integral(v));
                }
                return out;
            }
            case "States.ArrayGetItem": {
                ArrayNode in = array(a.get(0), name);
                int idx = integer(a.get(1), name);
                if (idx < 0 || idx >= in.size()) {
                    throw new IllegalArgumentException("index " + idx + " is outside the array of " + in.size());
                }
                return in.get(idx);
            }
            case "States.ArrayLength":
                return F.numberNode(array(a.get(0), name).size());
            case "States.ArrayUnique": {
                Set<JsonNode> seen = new LinkedHashSet<>();
                array(a.get(0), name).forEach(seen::add);
                ArrayNode out = F.arrayNode();
                seen.forEach(out::add);
                return out;
            }
            case "States.Base64Encode":
                return F.textNode(Base64.getEncoder().encodeToString(text(a.get(0), name).getBytes(StandardCharsets.UTF_8)));
            case "States.Base64Decode":
                return F.textNode(new String(Base64.getDecoder().decode(text(a.get(0), name)), StandardCharsets.UTF_8));
            case "States.Hash": {
                String algorithm = HASHES.get(text(a.get(1), name));
                if (algorithm == null) {
                    throw new IllegalArgumentException("unknown algorithm '" + a.get(1).asText()
                            + "' (MD5, SHA-1, SHA-256, SHA-384, SHA-512)");
                }
                String data = a.get(0).isTextual() ? a.get(0).asText() : a.get(0).toString();
                try {
                    return F.textNode(HexFormat.of().formatHex(MessageDigest.getInstance(algorithm)
                            .digest(data.getBytes(StandardCharsets.UTF_8))));
                } catch (NoSuchAlgorithmException e) {
                    throw new IllegalStateException(e);
                }
            }
            case "States.JsonMerge": {
                if (!a.get(0).isObject() || !a.get(1).isObject()) {
                    throw new IllegalArgumentException("both arguments must be JSON objects");
                }
                if (!a.get(2).isBoolean() || a.get(2).asBoolean()) {
                    throw new IllegalArgumentException("the third argument must be false (AWS supports shallow merge only)");
                }
                ObjectNode out = ((ObjectNode) a.get(0)).deepCopy();
                out.setAll((ObjectNode) a.get(1).deepCopy());
                return out;
            }
            case "States.MathRandom": {
                int start = integer(a.get(0), name);
                int end = integer(a.get(1), name);
                if (end <= start) {
                    throw new IllegalArgumentException("end " + end + " must be greater than start " + start);
                }
                Random r = a.size() == 3 ? new Random(integer(a.get(2), name)) : scope.random();
                return F.numberNode(start + r.nextInt(end - start));
            }
            case "States.MathAdd":
                return integral((long) integer(a.get(0), name) + integer(a.get(1), name));
            case "States.StringSplit": {
                String str = text(a.get(0), name);
                String delims = text(a.get(1), name);
                ArrayNode out = F.arrayNode();
                StringBuilder cur = new StringBuilder();
                for (char c : str.toCharArray()) {
                    if (delims.indexOf(c) >= 0) {
                        if (cur.length() > 0) {
                            out.add(cur.toString());
                        }
                        cur.setLength(0);
                    } else {
                        cur.append(c);
                    }
                }
                if (cur.length() > 0) {
                    out.add(cur.toString());
                }
                return out;
            }
            case "States.UUID": {
                Random r = scope.random();
                return F.textNode(new UUID((r.nextLong() & ~0xF000L) | 0x4000L,
                        (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L).toString());
            }
            default:
                throw new IllegalArgumentException("unsupported intrinsic " + name);
        }
    }

    private static JsonNode integral(long v) {
        return v == (int) v ? F.numberNode((int) v) : F.numberNode(v);
    }

    private static String text(JsonNode n, String fn) {
        if (!n.isTextual()) {
            throw new IllegalArgumentException(fn + " expects a string, got " + n);
        }
        return n.asText();
    }

    private static ArrayNode array(JsonNode n, String fn) {
        if (!n.isArray()) {
            throw new IllegalArgumentException(fn + " expects an array, got " + JsonPath.abbreviate(n));
        }
        return (ArrayNode) n;
    }

    private static int integer(JsonNode n, String fn) {
        if (n.isIntegralNumber() && n.canConvertToInt()) {
            return n.intValue();
        }
        if (n.isNumber() && n.decimalValue().stripTrailingZeros().scale() <= 0) {
            return n.decimalValue().intValueExact();
        }
        throw new IllegalArgumentException(fn + " expects an integer, got " + n);
    }
}
