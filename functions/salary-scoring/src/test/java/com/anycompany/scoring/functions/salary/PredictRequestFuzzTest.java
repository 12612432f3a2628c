package com.anycompany.scoring.functions.salary;

import com.anycompany.scoring.records.Json;
import com.anycompany.scoring.wiring.ServingEnvironment;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.anycompany.scoring.config.FunctionEnvironment;
import com.anycompany.scoring.fuzz.JsonMutator;
import com.anycompany.scoring.fuzz.JsonMutator.Mutation;
import com.anycompany.scoring.local.LambdaTestContext;
import com.anycompany.scoring.local.LocalAws;
import com.anycompany.scoring.local.demo.SalaryModelBuilder;
import com.anycompany.scoring.rollout.AliasStore;
import com.anycompany.scoring.rollout.ModelAliases;
import com.anycompany.scoring.model.S3ModelStore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 18, item 7: structure-aware fuzzing of the salary Function URL. Each try takes the body of
 * events/function-url-salary-predict.json and applies a few mutations of the shared {@link JsonMutator} (wrong types,
 * huge, tiny and overlong numbers, long strings, arrays and objects nested up to 40 deep, duplicate keys, unusual
 * encodings (escapes, lone surrogates, NUL, a BOM), and 0 to 1,000 records). Every answer must be a 200 or a 4xx in
 * the one error shape, whose {@code fields} name a field; never a 5xx. The handler is the real one, the model a
 * salary model trained by xgboost4j and published to S3Proxy.
 */
class PredictRequestFuzzTest {
    private static final ObjectMapper JSON = Json.MAPPER;
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
        env.put(ServingEnvironment.MODEL_BUCKET, BUCKET);
        env.put("MODELS", "salary");
        env.put(ServingEnvironment.MODEL_VERSION, "champion");
        handler = FunctionEnvironment.with(env, SalaryScoringHandler::new);
        valid = JSON.readTree(EventLoader.loadApiGatewayHttpEvent("function-url-salary-predict.json").getBody());
    }

    @AfterContainer
    static void stop() {
        if (aws != null) {
            aws.close();
        }
    }

    @Provide
    Arbitrary<List<Mutation>> mutations() {
        return JsonMutator.mutations(4);
    }

    @Property(tries = 1500)
    void everyMutatedRequestIsAnsweredWith200OrA4xxNamingTheProblem(@ForAll("mutations") List<Mutation> ms)
            throws Exception {
        assertAnswered(JsonMutator.mutate(valid, ms));
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
}
