package com.anycompany.scoring.ocr;

import com.anycompany.scoring.records.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Stream;

/**
 * The field specifications in force: one {@link FormSpec} per document type, the highest version when several are
 * present. Built in from the classpath ({@code ocr/specs/index.txt} lists the files), or read from a folder of
 * {@code *.json} files (a new form type is a new file). Every problem is an {@link InvalidSpecException} naming the
 * file and the property.
 */
public final class FormSpecs {
    public static final String CLASSPATH_DIR = "ocr/specs/";
    private static final ObjectMapper JSON = Json.MAPPER;
    private static final Pattern TYPE = Pattern.compile("[a-z][a-z0-9_]{0,39}");

    private final Map<String, FormSpec> byType;

    private FormSpecs(Collection<FormSpec> specs) {
        Map<String, FormSpec> m = new LinkedHashMap<>();
        for (FormSpec s : specs) {
            m.merge(s.type(), s, (a, b) -> a.version() >= b.version() ? a : b);
        }
        this.byType = Map.copyOf(m);
        if (byType.isEmpty()) {
            throw new InvalidSpecException("no field specifications found");
        }
    }

    public static FormSpecs of(Collection<FormSpec> specs) {
        return new FormSpecs(specs);
    }

    /** The specs shipped with the code (capabilities/ocr/src/main/resources/ocr/specs/). */
    public static FormSpecs builtIn() {
        ClassLoader cl = FormSpecs.class.getClassLoader();
        List<FormSpec> specs = new ArrayList<>();
        try (InputStream index = cl.getResourceAsStream(CLASSPATH_DIR + "index.txt")) {
            if (index == null) {
                throw new InvalidSpecException("classpath " + CLASSPATH_DIR + "index.txt is missing");
            }
            for (String line : new String(index.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String name = line.strip();
                if (name.isEmpty() || name.startsWith("#")) {
                    continue;
                }
                try (InputStream in = cl.getResourceAsStream(CLASSPATH_DIR + name)) {
                    if (in == null) {
                        throw new InvalidSpecException(CLASSPATH_DIR + "index.txt lists " + name
                                + " but there is no such resource");
                    }
                    specs.add(parse(in.readAllBytes(), CLASSPATH_DIR + name));
                }
            }
        } catch (IOException e) {
            throw new InvalidSpecException("cannot read built-in specs: " + e.getMessage(), e);
        }
        return new FormSpecs(specs);
    }

    /** Every {@code *.json} in {@code dir}. */
    public static FormSpecs fromDirectory(Path dir) {
        List<FormSpec> specs = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                specs.add(parse(Files.readAllBytes(f), f.toString()));
            }
        } catch (IOException e) {
            throw new InvalidSpecException("cannot read specs from " + dir + ": " + e.getMessage(), e);
        }
        return new FormSpecs(specs);
    }

    public Collection<FormSpec> all() {
        return byType.values().stream().sorted((a, b) -> a.type().compareTo(b.type())).toList();
    }

    public Optional<FormSpec> forType(String type) {
        return Optional.ofNullable(byType.get(type));
    }

    public FormSpec require(String type) {
        return forType(type).orElseThrow(() -> new IllegalArgumentException("no field spec for document type '"
                + type + "' (types: " + byType.keySet().stream().sorted().toList() + ")"));
    }

    public static FormSpec parse(byte[] bytes, String source) {
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (IOException e) {
            throw new InvalidSpecException(source + ": not valid JSON: " + e.getMessage(), e);
        }
        String type = req(root, "type", source).asText();
        if (!TYPE.matcher(type).matches()) {
            throw new InvalidSpecException(source + ": type '" + type + "' must match " + TYPE.pattern());
        }
        int version = req(root, "version", source).asInt(-1);
        if (version < 1) {
            throw new InvalidSpecException(source + ": version must be a positive integer");
        }
        double minConfidence = root.path("minConfidence").asDouble(80);
        Map<String, Integer> phrases = new LinkedHashMap<>();
        root.path("classify").path("phrases").fields().forEachRemaining(e ->
                phrases.put(Phrases.normalize(e.getKey()), e.getValue().asInt(1)));
        if (phrases.isEmpty()) {
            throw new InvalidSpecException(source + ": classify.phrases must name at least one phrase");
        }
        int minScore = root.path("classify").path("minScore").asInt(1);
        List<FormSpec.Query> queries = new ArrayList<>();
        for (JsonNode q : root.path("queries")) {
            queries.add(new FormSpec.Query(req(q, "text", source + " queries").asText(),
                    req(q, "alias", source + " queries").asText()));
        }
        List<FieldSpec> fields = new ArrayList<>();
        for (JsonNode f : req(root, "fields", source)) {
            fields.add(field(f, minConfidence, source));
        }
        List<String> names = fields.stream().map(FieldSpec::name).toList();
        List<FormSpec.Rule> rules = new ArrayList<>();
        for (JsonNode r : root.path("rules")) {
            String check = req(r, "check", source + " rules").asText();
            if (!check.equals("lte") && !check.equals("gte")) {
                throw new InvalidSpecException(source + ": rules: check '" + check + "' is not lte or gte");
            }
            String left = req(r, "left", source + " rules").asText();
            String right = req(r, "right", source + " rules").asText();
            for (String n : List.of(left, right)) {
                if (!names.contains(n)) {
                    throw new InvalidSpecException(source + ": rules: '" + n + "' is not a field of " + type);
                }
            }
            rules.add(new FormSpec.Rule(check, left, right, r.path("reason").asText(left + " " + check + " " + right)));
        }
        return new FormSpec(type, version, root.path("title").asText(type), Map.copyOf(phrases), minScore,
                minConfidence, List.copyOf(queries), List.copyOf(fields), List.copyOf(rules),
                root.path("minSignatures").asInt(0));
    }

    private static FieldSpec field(JsonNode f, double defaultConfidence, String source) {
        String name = req(f, "name", source + " fields").asText();
        String where = source + ": field " + name;
        FieldType type;
        try {
            type = FieldType.of(req(f, "type", where).asText());
        } catch (IllegalArgumentException e) {
            throw new InvalidSpecException(where + ": " + e.getMessage());
        }
        Optional<FieldSpec.TableLocator> table = Optional.empty();
        if (f.has("table")) {
            table = Optional.of(new FieldSpec.TableLocator(normalized(f.path("table").path("rows")),
                    normalized(f.path("table").path("columns"))));
        }
        Map<String, List<String>> options = new LinkedHashMap<>();
        f.path("options").fields().forEachRemaining(e -> options.put(e.getKey(), normalized(e.getValue())));
        if (type == FieldType.CHOICE && options.isEmpty()) {
            throw new InvalidSpecException(where + ": a choice field needs options");
        }
        List<String> keys = normalized(f.path("keys"));
        List<String> queries = normalized(f.path("queries"));
        if (keys.isEmpty() && queries.isEmpty() && table.isEmpty() && options.isEmpty()) {
            throw new InvalidSpecException(where + ": give keys, queries, table or options to locate it");
        }
        String pattern = f.hasNonNull("pattern") ? f.get("pattern").asText() : null;
        if (pattern != null) {
            try {
                Pattern.compile(pattern);
            } catch (PatternSyntaxException e) {
                throw new InvalidSpecException(where + ": pattern is not a regular expression: " + e.getDescription());
            }
        }
        return new FieldSpec(name, type, f.path("required").asBoolean(false), keys, queries, table,
                Map.copyOf(options), f.path("minConfidence").asDouble(defaultConfidence),
                f.hasNonNull("min") ? f.get("min").asText() : null, f.hasNonNull("max") ? f.get("max").asText() : null,
                pattern);
    }

    private static List<String> normalized(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(Phrases.normalize(n.asText())));
        return List.copyOf(out);
    }

    private static JsonNode req(JsonNode node, String field, String where) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            throw new InvalidSpecException(where + ": '" + field + "' is required");
        }
        return v;
    }
}
