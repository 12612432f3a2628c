package com.anycompany.scoring.integration.iam;

import com.anycompany.scoring.batch.BatchJson;
import com.fasterxml.jackson.core.type.TypeReference;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The IAM policy evaluator: the npm package {@code @cloud-copilot/iam-simulate} (installed by {@code .ci/run} with
 * {@code npm install --prefix .iam-simulate}), run by Node.js on a batch of requests. It evaluates actions, resource
 * ARNs with wildcards and condition operators as IAM does, and says which statements allowed each request.
 */
public final class IamSimulator {
    /** Set to 1 in CI: a missing evaluator then fails the check instead of skipping it. */
    public static final String REQUIRE = "SCORING_REQUIRE_IAM_SIMULATE";

    /** One answer: Allowed, ImplicitlyDenied, ExplicitlyDenied or Error, and the Sids of the allowing statements. */
    public record Decision(String decision, List<String> allowedBy, String error) {
        public boolean allowed() {
            return "Allowed".equals(decision);
        }
    }

    private IamSimulator() {
    }

    /** The npm prefix holding the package: {@code IAM_SIMULATE_PREFIX}, else {@code .iam-simulate} at the repo root. */
    public static Optional<Path> installation() {
        String env = System.getenv("IAM_SIMULATE_PREFIX");
        Path p = env != null ? Path.of(env) : Path.of("../.iam-simulate").toAbsolutePath().normalize();
        return Files.isDirectory(p.resolve("node_modules/@cloud-copilot/iam-simulate")) ? Optional.of(p)
                : Optional.empty();
    }

    /**
     * @param policies function → identity policy document
     * @param requests each {@code {function, action, resource, context}}
     */
    public static List<Decision> evaluate(Path prefix, Map<String, Object> policies, List<Map<String, Object>> requests) {
        try {
            Path dir = Files.createTempDirectory("iam-simulate");
            Path script = dir.resolve("simulate.cjs");
            try (InputStream in = IamSimulator.class.getResourceAsStream("/iam/simulate.cjs")) {
                Files.copy(in, script);
            }
            Path input = dir.resolve("input.json");
            BatchJson.MAPPER.writeValue(input.toFile(), Map.of("policies", policies, "requests", requests));
            Path output = dir.resolve("output.json");
            Path errors = dir.resolve("errors.txt");
            Process p = new ProcessBuilder("node", script.toString(), prefix.toString(), input.toString())
                    .redirectOutput(output.toFile()).redirectError(errors.toFile()).start();
            if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException("iam-simulate failed: " + Files.readString(errors, StandardCharsets.UTF_8));
            }
            return BatchJson.MAPPER.readValue(output.toFile(), new TypeReference<List<Decision>>() { });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
