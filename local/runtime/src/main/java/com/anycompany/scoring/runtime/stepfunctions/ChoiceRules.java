package com.anycompany.scoring.runtime.stepfunctions;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Choice rules: every comparison operator of ASL (and their {@code ...Path} forms), And / Or / Not. */
final class ChoiceRules {
    private static final Set<String> STRING_OPS = Set.of("StringEquals", "StringLessThan", "StringGreaterThan",
            "StringLessThanEquals", "StringGreaterThanEquals");
    private static final Set<String> NUMERIC_OPS = Set.of("NumericEquals", "NumericLessThan", "NumericGreaterThan",
            "NumericLessThanEquals", "NumericGreaterThanEquals");
    private static final Set<String> TIMESTAMP_OPS = Set.of("TimestampEquals", "TimestampLessThan",
            "TimestampGreaterThan", "TimestampLessThanEquals", "TimestampGreaterThanEquals");
    private static final Set<String> TYPE_OPS = Set.of("IsNull", "IsPresent", "IsNumeric", "IsString", "IsBoolean",
            "IsTimestamp");

    private ChoiceRules() {
    }

    /** A top-level rule with its Next. */
    record Branch(Rule rule, String next) {
    }

    interface Rule {
        boolean test(JsonNode input, JsonNode context);
    }

    static Rule parse(JsonNode r, String where, List<String> problems) {
        if (!r.isObject()) {
            problems.add(where + ": a choice rule must be an object");
            return (i, c) -> false;
        }
        if (r.has("And") || r.has("Or")) {
            String op = r.has("And") ? "And" : "Or";
            JsonNode list = r.get(op);
            if (!list.isArray() || list.isEmpty()) {
                problems.add(where + ": " + op + " needs a non-empty array of rules");
                return (i, c) -> false;
            }
            List<Rule> rules = new ArrayList<>();
            for (int k = 0; k < list.size(); k++) {
                rules.add(parse(list.get(k), where + "." + op + "[" + k + "]", problems));
            }
            return op.equals("And")
                    ? (i, c) -> rules.stream().allMatch(x -> x.test(i, c))
                    : (i, c) -> rules.stream().anyMatch(x -> x.test(i, c));
        }
        if (r.has("Not")) {
            Rule inner = parse(r.get("Not"), where + ".Not", problems);
            return (i, c) -> !inner.test(i, c);
        }
        if (!r.has("Variable")) {
            problems.add(where + ": a choice rule needs Variable (or And / Or / Not)");
            return (i, c) -> false;
        }
        JsonPath variable;
        try {
            variable = JsonPath.parse(r.get("Variable").asText());
        } catch (IllegalArgumentException e) {
            problems.add(where + ": Variable: " + e.getMessage());
            return (i, c) -> false;
        }
        String op = null;
        for (var it = r.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (f.equals("Variable") || f.equals("Next") || f.equals("Comment")) {
                continue;
            }
            if (op != null) {
                problems.add(where + ": more than one comparison operator (" + op + ", " + f + ")");
                return (i, c) -> false;
            }
            op = f;
        }
        if (op == null) {
            problems.add(where + ": no comparison operator");
            return (i, c) -> false;
        }
        String base = op.endsWith("Path") && !op.equals("IsPath") ? op.substring(0, op.length() - 4) : op;
        boolean isPath = !base.equals(op);
        boolean known = STRING_OPS.contains(base) || NUMERIC_OPS.contains(base) || TIMESTAMP_OPS.contains(base)
                || base.equals("BooleanEquals") || (!isPath && (op.equals("StringMatches") || TYPE_OPS.contains(op)));
        if (!known) {
            problems.add(where + ": comparison operator '" + op + "' is not supported by the local executor");
            return (i, c) -> false;
        }
        JsonNode operand = r.get(op);
        JsonPath operandPath;
        if (isPath) {
            try {
                operandPath = JsonPath.parse(operand.asText());
            } catch (IllegalArgumentException e) {
                problems.add(where + ": " + op + ": " + e.getMessage());
                return (i, c) -> false;
            }
        } else {
            operandPath = null;
            String problem = checkLiteral(op, operand);
            if (problem != null) {
                problems.add(where + ": " + op + " " + problem);
                return (i, c) -> false;
            }
        }
        final String operator = base;
        final Pattern matcher = op.equals("StringMatches") ? wildcard(operand.asText()) : null;
        return (input, ctx) -> {
            JsonNode value = variable.find(input, ctx);
            if (operator.equals("IsPresent")) {
                return (value != null) == operand.asBoolean();
            }
            if (value == null) {
                throw StateFailure.runtime("Invalid path '" + variable.text()
                        + "': The choice state's condition path references an invalid value.");
            }
            JsonNode other = operandPath == null ? operand : operandPath.find(input, ctx);
            if (other == null) {
                throw StateFailure.runtime("Invalid path '" + operandPath.text()
                        + "': The choice state's condition path references an invalid value.");
            }
            return compare(operator, value, other, matcher);
        };
    }

    private static String checkLiteral(String op, JsonNode v) {
        if (STRING_OPS.contains(op) || op.equals("StringMatches")) {
            return v.isTextual() ? null : "needs a string";
        }
        if (NUMERIC_OPS.contains(op)) {
            return v.isNumber() ? null : "needs a number";
        }
        if (TIMESTAMP_OPS.contains(op)) {
            return v.isTextual() && timestamp(v) != null ? null : "needs an RFC 3339 timestamp string";
        }
        return v.isBoolean() ? null : "needs true or false";
    }

    private static boolean compare(String op, JsonNode value, JsonNode other, Pattern matcher) {
        switch (op) {
            case "IsNull":
                return value.isNull() == other.asBoolean();
            case "IsNumeric":
                return value.isNumber() == other.asBoolean();
            case "IsString":
                return value.isTextual() == other.asBoolean();
            case "IsBoolean":
                return value.isBoolean() == other.asBoolean();
            case "IsTimestamp":
                return (value.isTextual() && timestamp(value) != null) == other.asBoolean();
            case "StringMatches":
                return value.isTextual() && matcher.matcher(value.asText()).matches();
            case "BooleanEquals":
                return value.isBoolean() && other.isBoolean() && value.asBoolean() == other.asBoolean();
            default:
                break;
        }
        int cmp;
        String kind;
        if (STRING_OPS.contains(op)) {
            if (!value.isTextual() || !other.isTextual()) {
                return false;
            }
            cmp = value.asText().compareTo(other.asText());
            kind = op.substring("String".length());
        } else if (NUMERIC_OPS.contains(op)) {
            if (!value.isNumber() || !other.isNumber()) {
                return false;
            }
            cmp = value.decimalValue().compareTo(other.decimalValue());
            kind = op.substring("Numeric".length());
        } else {
            OffsetDateTime a = value.isTextual() ? timestamp(value) : null;
            OffsetDateTime b = other.isTextual() ? timestamp(other) : null;
            if (a == null || b == null) {
                return false;
            }
            cmp = a.toInstant().compareTo(b.toInstant());
            kind = op.substring("Timestamp".length());
        }
        return switch (kind) {
            case "Equals" -> cmp == 0;
            case "LessThan" -> cmp < 0;
            case "GreaterThan" -> cmp > 0;
            case "LessThanEquals" -> cmp <= 0;
            case "GreaterThanEquals" -> cmp >= 0;
            default -> throw new IllegalStateException(op);
        };
    }

    static OffsetDateTime timestamp(JsonNode n) {
        try {
            return OffsetDateTime.parse(n.asText());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** StringMatches: {@code *} matches any run of characters; {@code \*} and {@code \\} are literal. */
    static Pattern wildcard(String pattern) {
        StringBuilder re = new StringBuilder();
        StringBuilder lit = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\' && i + 1 < pattern.length()) {
                lit.append(pattern.charAt(++i));
            } else if (c == '*') {
                re.append(Pattern.quote(lit.toString())).append(".*");
                lit.setLength(0);
            } else {
                lit.append(c);
            }
        }
        re.append(Pattern.quote(lit.toString()));
        return Pattern.compile(re.toString(), Pattern.DOTALL);
    }
}
