package com.anycompany.scoring.cli;

import com.anycompany.scoring.records.Json;
import com.anycompany.scoring.runtime.LocalRuntime;
import com.anycompany.scoring.runtime.SamTemplate;
import com.anycompany.scoring.runtime.TemplateException;
import com.anycompany.scoring.config.AwsClients;
import com.anycompany.scoring.local.LocalAws;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code --env-vars} file of {@code sam local invoke} for the running local servers, in SAM's per-function form
 * {@code {"FunctionLogicalId": {"VAR": "value"}}}: each function's own environment from template.yaml (bucket names,
 * queue URLs on the local ElasticMQ, parameters), the endpoints under both the names the template declares
 * ({@code SCORING_AWS_ENDPOINT_S3/SQS/TEXTRACT}: SAM only overrides declared variables) and the SDK's standard ones
 * ({@code AWS_ENDPOINT_URL_S3/SQS/TEXTRACT}), checksums only when required, path-style S3, the region and dummy credentials.
 */
final class SamEnvVars {
    private SamEnvVars() {
    }

    /** As {@link #of(SamTemplate, LocalAws, java.util.function.Consumer)}, skipping silently. */
    static Map<String, Map<String, String>> of(SamTemplate template, LocalAws aws) {
        return of(template, aws, skipped -> { });
    }

    /**
     * One entry per function whose environment resolves locally; a function that cannot run here (its environment
     * names something the local runtime cannot resolve) is left out and reported to {@code skipped}.
     */
    static Map<String, Map<String, String>> of(SamTemplate template, LocalAws aws,
            java.util.function.Consumer<String> skipped) {
        Map<String, String> local = new LinkedHashMap<>(aws.environment());
        local.put(AwsClients.S3_ENDPOINT, aws.s3Endpoint());
        local.put(AwsClients.SQS_ENDPOINT, aws.sqsEndpoint());
        local.put(AwsClients.TEXTRACT_ENDPOINT, aws.textractEndpoint());
        Map<String, Map<String, String>> all = new LinkedHashMap<>();
        for (String id : template.functionIds()) {
            SamTemplate.Function function;
            try {
                function = template.function(id);
            } catch (TemplateException e) {
                skipped.accept(id + ": " + e.getMessage());
                continue;
            }
            Map<String, String> env = new TreeMap<>(function.environment());
            env.putAll(local);
            all.put(id, env);
        }
        return all;
    }

    /** Writes the file (atomically: a half-written file is never read) and returns it. */
    static Path write(LocalRuntime rt, Path file, java.util.function.Consumer<String> skipped) throws IOException {
        Path absolute = file.toAbsolutePath();
        Files.createDirectories(absolute.getParent());
        Path tmp = absolute.resolveSibling(absolute.getFileName() + ".tmp");
        Files.write(tmp, Json.PRETTY.writeValueAsBytes(of(rt.template(), rt.aws(), skipped)));
        return Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
