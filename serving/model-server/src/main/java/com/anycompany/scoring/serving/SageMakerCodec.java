package com.anycompany.scoring.serving;

import com.anycompany.scoring.batch.BatchJson;
import com.anycompany.scoring.engine.Reason;
import com.anycompany.scoring.feature.CsvReader;
import com.anycompany.scoring.feature.JsonRecord;
import com.anycompany.scoring.feature.RecordView;
import com.anycompany.scoring.model.LoadedModel;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * SageMaker's {@code POST /invocations} bodies, in and out.
 *
 * <p>In: {@code text/csv} (headerless rows, features by position, one row per line, as batch transform sends them with
 * {@code SplitType: Line}; a blank line is skipped), {@code application/json} ({@code {"instances": [...]}} or
 * {@code {"features": [...]}}, an instance being an array of values, {@code {"features": [...]}} or an object of
 * named features) and {@code application/jsonlines} (one instance per line).
 *
 * <p>Out, as {@code Accept} asks (default: the request's own type): {@code text/csv} one line per row (the score, or
 * the scores of a multi-output model separated by commas); {@code application/json} {@code {"predictions": [{"score":
 * s, "reasons": [...]}]}}; {@code application/jsonlines} one {@code {"score": s, "reasons": [...]}} per line. Reasons
 * appear in the JSON answers when asked for ({@code X-Amzn-SageMaker-Custom-Attributes: reasons=k}).
 */
final class SageMakerCodec {
    static final String CSV = "text/csv";
    static final String JSON = "application/json";
    static final String JSONLINES = "application/jsonlines";
    static final List<String> TYPES = List.of(CSV, JSON, JSONLINES);

    /** The parsed rows of a request and their labels for error messages ("row 3", "instances[2]"). */
    record Rows(List<RecordView> rows, List<String> labels) {
    }

    private SageMakerCodec() {
    }

    /** The media type of a Content-Type or Accept entry: lower case, without parameters; aliases folded. */
    static String mediaType(String header) {
        if (header == null) {
            return null;
        }
        String t = header.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return switch (t) {
            case "" -> null;
            case "application/x-jsonlines", "application/jsonl", "application/x-ndjson" -> JSONLINES;
            default -> t;
        };
    }

    static Rows parse(String contentType, byte[] body, RowScorer scorer) {
        String type = mediaType(contentType);
        if (type == null) {
            throw new BadRequestException(415, "the request has no Content-Type; send text/csv, application/json or "
                    + "application/jsonlines");
        }
        if (body.length == 0) {
            throw BadRequestException.invalid("the request body is empty; send at least one row");
        }
        return switch (type) {
            case CSV -> csv(body, scorer);
            case JSON -> json(body, scorer);
            case JSONLINES -> jsonLines(body, scorer);
            default -> throw new BadRequestException(415, "Content-Type " + type + " is not served here; send "
                    + String.join(", ", TYPES));
        };
    }

    private static Rows csv(byte[] body, RowScorer scorer) {
        List<RecordView> rows = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        try (CsvReader reader = new CsvReader(new StringReader(new String(body, StandardCharsets.UTF_8)))) {
            List<String> cells;
            while ((cells = reader.next()) != null) {
                if (cells.isEmpty() || cells.size() == 1 && cells.get(0).isBlank()) {
                    continue;
                }
                String label = "row " + reader.recordLine();
                rows.add(scorer.positional(cells, label));
                labels.add(label);
            }
        } catch (CsvReader.CsvFormatException e) {
            throw BadRequestException.invalid("the CSV body is malformed: " + e.getMessage());
        } catch (IOException e) {
            throw BadRequestException.invalid("the CSV body cannot be read: " + e.getMessage());
        }
        return new Rows(rows, labels);
    }

    private static Rows json(byte[] body, RowScorer scorer) {
        JsonNode root = readJson(body, "the JSON body");
        Rows out = new Rows(new ArrayList<>(), new ArrayList<>());
        if (root.isObject() && root.has("instances")) {
            JsonNode instances = root.get("instances");
            if (!instances.isArray()) {
                throw BadRequestException.invalid("\"instances\" must be a list of instances");
            }
            for (int i = 0; i < instances.size(); i++) {
                add(out, instances.get(i), "instances[" + i + "]", scorer);
            }
        } else if (root.isObject() && root.has("features")) {
            add(out, root, "the instance", scorer);
        } else {
            throw BadRequestException.invalid("the JSON body must be {\"instances\": [...]} or {\"features\": [...]}");
        }
        return out;
    }

    private static Rows jsonLines(byte[] body, RowScorer scorer) {
        Rows out = new Rows(new ArrayList<>(), new ArrayList<>());
        String[] lines = new String(body, StandardCharsets.UTF_8).split("\r?\n");
        for (int i = 0; i < lines.length; i++) {
            if (!lines[i].isBlank()) {
                String label = "line " + (i + 1);
                add(out, readJson(lines[i].getBytes(StandardCharsets.UTF_8), label), label, scorer);
            }
        }
        return out;
    }

    /** One instance: an array of values by position, {"features": [values]}, or an object of named features. */
    private static void add(Rows out, JsonNode instance, String label, RowScorer scorer) {
        JsonNode values = instance;
        if (instance.isObject() && instance.size() == 1 && instance.has("features")) {
            values = instance.get("features");
            if (!values.isArray()) {
                throw BadRequestException.invalid(label + ": \"features\" must be a list of values by position");
            }
        }
        if (values.isArray()) {
            List<Object> cells = new ArrayList<>(values.size());
            for (JsonNode v : values) {
                if (v.isContainerNode()) {
                    throw BadRequestException.invalid(label + " holds a nested list or object; features are numbers");
                }
                cells.add(JsonRecord.value(v));
            }
            out.rows().add(scorer.positional(cells, label));
        } else if (values.isObject()) {
            out.rows().add(new JsonRecord(values));
        } else {
            throw BadRequestException.invalid(label + " must be a list of values, {\"features\": [...]} or an object"
                    + " of named features");
        }
        out.labels().add(label);
    }

    private static JsonNode readJson(byte[] body, String what) {
        try {
            JsonNode root = BatchJson.MAPPER.readTree(body);
            if (root == null || root.isMissingNode()) {
                throw BadRequestException.invalid(what + " is empty");
            }
            return root;
        } catch (JsonProcessingException e) {
            throw BadRequestException.invalid(what + " is not JSON (" + e.getOriginalMessage() + ")");
        } catch (IOException e) {
            throw BadRequestException.invalid(what + " cannot be read: " + e.getMessage());
        }
    }

    /**
     * The answer's media type: the first type of {@code Accept} served here (with {@code *}/{@code *} or no
     * Accept, the request's own type). Nothing acceptable is a 406.
     */
    static String answerType(String accept, String requestType) {
        String fallback = mediaType(requestType);
        if (accept == null || accept.isBlank()) {
            return fallback;
        }
        for (String entry : accept.split(",")) {
            String t = mediaType(entry);
            if (t == null) {
                continue;
            }
            if (TYPES.contains(t)) {
                return t;
            }
            if (t.equals("*/*") || t.equals("application/*") && !CSV.equals(fallback)
                    || t.equals("text/*") && CSV.equals(fallback)) {
                return fallback;
            }
        }
        throw new BadRequestException(406, "Accept " + accept + " asks for nothing served here; ask for "
                + String.join(", ", TYPES));
    }

    static byte[] write(String type, List<LoadedModel.Explained> results, boolean reasons) {
        StringBuilder sb = new StringBuilder(results.size() * 16);
        switch (type) {
            case CSV -> {
                for (LoadedModel.Explained e : results) {
                    float[] y = e.outputs();
                    for (int k = 0; k < y.length; k++) {
                        sb.append(k == 0 ? "" : ",").append(y[k]);
                    }
                    sb.append('\n');
                }
            }
            case JSONLINES -> {
                for (LoadedModel.Explained e : results) {
                    sb.append(prediction(e, reasons)).append('\n');
                }
            }
            default -> {
                ObjectNode root = BatchJson.MAPPER.createObjectNode();
                ArrayNode list = root.putArray("predictions");
                results.forEach(e -> list.add(prediction(e, reasons)));
                sb.append(root);
            }
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static ObjectNode prediction(LoadedModel.Explained e, boolean reasons) {
        ObjectNode p = BatchJson.MAPPER.createObjectNode();
        float[] y = e.outputs();
        if (y.length == 1) {
            p.put("score", y[0]);
        } else {
            ArrayNode a = p.putArray("score");
            for (float v : y) {
                a.add(v);
            }
        }
        if (reasons) {
            p.set("reasons", reasonsJson(e.reasons()));
        }
        return p;
    }

    static ArrayNode reasonsJson(List<Reason> reasons) {
        return BatchJson.MAPPER.valueToTree(reasons);
    }
}
