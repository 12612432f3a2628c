package com.anycompany.scoring.functions.salary;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.anycompany.scoring.config.FunctionEnvironment;
import com.anycompany.scoring.local.LambdaTestContext;
import com.anycompany.scoring.local.LocalAws;
import com.anycompany.scoring.local.demo.SalaryModelBuilder;
import com.anycompany.scoring.rollout.AliasStore;
import com.anycompany.scoring.rollout.ModelAliases;
import com.anycompany.scoring.model.S3ModelStore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 18, item 7: structure-aware fuzzing of the salary Function URL. Each try takes the body of
 * events/function-url-salary-predict.json and applies a few mutations at random places of its JSON tree: wrong types,
 * huge, tiny and overlong numbers, long strings, arrays and objects nested up to 40 deep, duplicate keys, unusual
 * encodings (escapes, lone surrogates, NUL, a BOM), and 0 to 1,000 records. Every answer must be a 200 or a 4xx in
 * the one error shape, whose {@code fields} name a field; never a 5xx. The handler is the real one, the model a
 * salary model trained by xgboost4j and published to S3Proxy.
 */
class PredictRequestFuzzTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final String BUCKET = "scoring-models";
    private static Path state;
    private static LocalAws aws;
    private static SalaryScoringHandler handler;
    private static JsonNode valid;

    @BeforeContainer
    static void start() throws Exception {
        state = Files.createTempDirectory("predict-fuzz");
        aws = LocalAws.start(state);
        aws.ensureBucket(BUCKET);
        SalaryModelBuilder.Trained trained = SalaryModelBuilder.train("1", 2000, 11);
        new S3ModelStore(aws.s3Client(), BUCKET).publish(trained.card(), trained.artifact(), trained.fileName());
        new AliasStore(aws.s3Client(), BUCKET).write(ModelAliases.initial("salary", "1").stamped("2026-11-25T10:00:00Z",
                "test"), Optional.empty());
        Map<String, String> env = new HashMap<>(aws.environment());
        env.put("MODEL_BUCKET", BUCKET);
        env.put("MODELS", "salary");
        env.put("MODEL_VERSION", "champion");
        handler = FunctionEnvironment.with(env, SalaryScoringHandler::new);
        valid = JSON.readTree(EventLoader.loadApiGatewayHttpEvent("function-url-salary-predict.json").getBody());
    }

    @AfterContainer
    static void stop() {
        if (aws != null) {
            aws.close();
        }
    }

    /** One mutation: what to do, and a seed that picks where and with what. */
    record Mutation(int kind, long seed) {
    }

    @Provide
    Arbitrary<List<Mutation>> mutations() {
        return Combinators.combine(Arbitraries.integers().between(0, 11), Arbitraries.longs())
                .as(Mutation::new).list().ofMinSize(1).ofMaxSize(4);
    }

    @Property(tries = 1500)
    void everyMutatedRequestIsAnsweredWith200OrA4xxNamingTheProblem(@ForAll("mutations") List<Mutation> ms)
            throws Exception {
        JsonNode doc = valid.deepCopy();
        List<String> textual = new ArrayList<>();
        for (Mutation m : ms) {
            doc = mutate(doc, m, textual);
        }
        String body = JSON.writeValueAsString(doc);
        for (String t : textual) {
            body = textualMutation(body, t);
        }
        assertAnswered(body);
    }

    @Example
    void aFieldHoldingAnArrayNestedFifteenOrMoreDeepIsA400NotA500() throws Exception {
        for (int depth = 10; depth <= 40; depth++) {
            String nested = "[".repeat(depth) + "1" + "]".repeat(depth);
            JsonNode r = assertAnswered("{\"records\":[{\"job_level\":" + nested + ",\"years_experience\":3}]}");
            assertEquals(400, r.path("error").path("status").asInt(), "depth " + depth + ": " + r);
        }
    }

    /** Sends the body; asserts a 200 or a well-formed 4xx; returns the parsed answer. */
    private static JsonNode assertAnswered(String body) throws Exception {
        APIGatewayV2HTTPEvent e = EventLoader.loadApiGatewayHttpEvent("function-url-salary-predict.json");
        e.setBody(body);
        e.setIsBase64Encoded(false);
        APIGatewayV2HTTPResponse r = handler.handleRequest(e, new LambdaTestContext());
        String shown = body.length() > 300 ? body.substring(0, 300) + "…" : body;
        assertTrue(r.getStatusCode() == 200 || r.getStatusCode() >= 400 && r.getStatusCode() < 500,
                r.getStatusCode() + " " + r.getBody() + " for " + shown);
        JsonNode answer = JSON.readTree(r.getBody());
        if (r.getStatusCode() == 200) {
            assertTrue(answer.path("predictions").isArray(), r.getBody());
        } else {
            JsonNode err = answer.get("error");
            assertEquals(r.getStatusCode(), err.path("status").asInt(), r.getBody());
            assertFalse(err.path("message").asText().isBlank(), r.getBody());
            for (JsonNode f : err.path("fields")) {
                assertFalse(f.path("field").asText().isBlank(), "every field error names its field: " + r.getBody());
            }
        }
        return answer;
    }

    // ---- mutations ------------------------------------------------------------------------------------------------

    private static JsonNode mutate(JsonNode doc, Mutation m, List<String> textual) {
        Random rnd = new Random(m.seed());
        switch (m.kind()) {
            case 0 -> replaceSomewhere(doc, rnd, wrongType(rnd));
            case 1 -> replaceSomewhere(doc, rnd, number(rnd));
            case 2 -> replaceSomewhere(doc, rnd, F.textNode(longString(rnd)));
            case 3 -> replaceSomewhere(doc, rnd, nested(rnd, 1 + rnd.nextInt(40)));
            case 4 -> textual.add("dup:" + rnd.nextInt(1000));
            case 5 -> textual.add("enc:" + rnd.nextInt(6));
            case 6 -> {
                return records(doc, rnd);
            }
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
            case 4 -> F.numberNode(new java.math.BigInteger("9".repeat(1 + rnd.nextInt(80))));
            case 5 -> F.numberNode(new java.math.BigDecimal("1e" + (rnd.nextInt(800) - 400)));
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

    private static void addField(JsonNode doc, Random rnd) {
        List<JsonNode> cs = containers(doc);
        if (cs.isEmpty()) {
            return;
        }
        JsonNode c = cs.get(rnd.nextInt(cs.size()));
        String name = new String[] {"", "reasons", "record", "records", "job_level", "\u0000", "ü".repeat(300),
                "__proto__"}[rnd.nextInt(8)];
        if (c instanceof ObjectNode o) {
            o.set(name, rnd.nextBoolean() ? wrongType(rnd) : number(rnd));
        } else if (c instanceof ArrayNode a) {
            a.add(wrongType(rnd));
        }
    }

    /** 0 to 1,000 copies of the first record (or the "record" form, or records that are not objects). */
    private static JsonNode records(JsonNode doc, Random rnd) {
        JsonNode first = doc.path("records").path(0);
        if (first.isMissingNode()) {
            first = valid.get("records").get(0);
        }
        int n = new int[] {0, 1, 2, 99, 100, 101, 1000}[rnd.nextInt(7)];
        ObjectNode root = F.objectNode();
        if (rnd.nextInt(5) == 0) {
            root.set("record", first.deepCopy());
            return root;
        }
        ArrayNode list = root.putArray("records");
        for (int i = 0; i < n; i++) {
            list.add(first.deepCopy());
        }
        return root;
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
        int arg = Integer.parseInt(what.substring(4));
        if (what.startsWith("dup:")) {
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
        return switch (arg) {
            case 0 -> "\uFEFF" + body;
            case 1 -> body.replace("\"job_level\"", "\"job\\u005flevel\"");
            case 2 -> body.replace("\"job_level\"", "\"job_level\\ud800\"");
            case 3 -> body.replaceFirst(":", ":\"\u0000\",\"z\":");
            case 4 -> body.replace("1", "\uFF11");
            default -> body + "\u0000";
        };
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
