package com.anycompany.scoring.runtime.stepfunctions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.anycompany.scoring.runtime.LocalLambda;
import com.anycompany.scoring.runtime.SamTemplate;
import com.anycompany.scoring.config.FunctionEnvironment;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static com.anycompany.scoring.runtime.stepfunctions.Asl.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ASL calls a real handler through LocalLambda, with Lambda's serialization and error documents. */
class LocalLambdaTaskTest {
    /** Doubles {@code n}; a negative n throws, as a handler rejecting a bad input would. */
    public static final class Doubler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
        private final String stage = FunctionEnvironment.require("STAGE");

        @Override
        public Map<String, Object> handleRequest(Map<String, Object> input, Context context) {
            int n = ((Number) input.get("n")).intValue();
            if (n < 0) {
                throw new IllegalArgumentException("n must not be negative: " + n);
            }
            return Map.of("doubled", 2 * n, "stage", stage, "function", context.getFunctionName());
        }
    }

    static final String ASL = """
            {"StartAt": "Double", "States": {
              "Double": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                "Parameters": {"FunctionName": "${DoublerArn}", "Payload": {"n.$": "$.n"}},
                "ResultSelector": {"value.$": "$.Payload.doubled", "stage.$": "$.Payload.stage", "fn.$": "$.Payload.function"},
                "Catch": [{"ErrorEquals": ["java.lang.IllegalArgumentException"], "ResultPath": "$.error", "Next": "Rejected"}],
                "Next": "Plain"},
              "Plain": {"Type": "Task", "Resource": "${DoublerArn}", "Parameters": {"n.$": "$.value"},
                "ResultSelector": {"value.$": "$.doubled"}, "End": true},
              "Rejected": {"Type": "Pass", "End": true}
            }}""";

    @Test
    void invokesLocalHandlersThroughBothLambdaIntegrations() throws Exception {
        var function = new SamTemplate.Function("DoublerFunction", "scoring-doubler", Doubler.class.getName(), "java17",
                512, 30, ".", Map.of("STAGE", "test"), List.of(), Map.of());
        LocalLambda lambda = new LocalLambda(function, Map.of());
        String asl = AslInterpreter.substitute(ASL, Map.of("DoublerArn", function.arn()));
        AslInterpreter sm = new AslInterpreter(asl, LambdaTaskInvoker.forLocalLambdas(List.of(lambda)));

        ExecutionResult ok = sm.execute("ok", json("{'n': 5}"));
        assertTrue(ok.succeeded(), ok.cause());
        assertEquals(json("{'value': 20}"), ok.output(), "5 -> 10 via lambda:invoke, 10 -> 20 via the function ARN");

        ExecutionResult rejected = sm.execute("neg", json("{'n': -1}"));
        assertTrue(rejected.succeeded(), rejected.cause());
        JsonNode error = rejected.output().get("error");
        assertEquals("java.lang.IllegalArgumentException", error.get("Error").asText(), "errorType, as Lambda reports it");
        JsonNode cause = Asl.JSON.readTree(error.get("Cause").asText());
        assertEquals("n must not be negative: -1", cause.get("errorMessage").asText());
        assertEquals("java.lang.IllegalArgumentException", cause.get("errorType").asText());

        AslInterpreter unknown = new AslInterpreter(AslInterpreter.substitute(ASL, Map.of("DoublerArn",
                "arn:aws:lambda:us-east-1:000000000000:function:nope")), LambdaTaskInvoker.forLocalLambdas(List.of(lambda)));
        assertEquals("Lambda.ResourceNotFoundException", unknown.execute("u", json("{'n': 1}")).error());

        String callback = ASL.replace("lambda:invoke\"", "lambda:invoke.waitForTaskToken\"");
        AslDefinitionException refused = assertThrows(AslDefinitionException.class, () -> new AslInterpreter(
                AslInterpreter.substitute(callback, Map.of("DoublerArn", function.arn())),
                LambdaTaskInvoker.forLocalLambdas(List.of(lambda))));
        assertTrue(refused.getMessage().contains(".waitForTaskToken pattern is not implemented locally"), refused.getMessage());
    }
}
