package com.anycompany.scoring.serving;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SageMaker's environment conventions for inference containers, as its documentation names them. */
class ServerEnvironmentTest {
    @Test
    void portComesFromTheFlagThenSageMakerBindToPortThen8080() {
        assertEquals(8080, new ServerEnvironment(Map.of()).port(null));
        assertEquals(9091, new ServerEnvironment(Map.of("SAGEMAKER_BIND_TO_PORT", "9091")).port(null));
        assertEquals(7000, new ServerEnvironment(Map.of("SAGEMAKER_BIND_TO_PORT", "9091")).port(7000));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ServerEnvironment(Map.of("SAGEMAKER_BIND_TO_PORT", "http")).port(null));
        assertTrue(e.getMessage().contains("SAGEMAKER_BIND_TO_PORT must be a whole number"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ServerEnvironment(Map.of()).port(70000));
    }

    @Test
    void batchTransformsPayloadAndConcurrencySettingsApply() {
        ServerEnvironment env = new ServerEnvironment(Map.of("SAGEMAKER_MAX_PAYLOAD_IN_MB", "20",
                "SAGEMAKER_MAX_CONCURRENT_TRANSFORMS", "3"));
        assertEquals(20L * 1024 * 1024, env.maxBodyBytes());
        assertEquals(3, env.threads());
        assertEquals(6L * 1024 * 1024, new ServerEnvironment(Map.of()).maxBodyBytes());
        assertTrue(new ServerEnvironment(Map.of()).threads() >= 2);
    }

    @Test
    void customAttributesCarryTheReasonCount() {
        assertEquals(0, ModelServer.reasonsAttribute(null));
        assertEquals(0, ModelServer.reasonsAttribute("trace=abc"));
        assertEquals(3, ModelServer.reasonsAttribute("reasons=3"));
        assertEquals(5, ModelServer.reasonsAttribute("trace=abc, reasons = 5;x=1"));
        assertEquals(400, assertThrows(BadRequestException.class, () -> ModelServer.reasonsAttribute("reasons=-1"))
                .status());
    }
}
