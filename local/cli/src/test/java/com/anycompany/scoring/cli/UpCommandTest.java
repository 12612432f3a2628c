package com.anycompany.scoring.cli;

import com.anycompany.scoring.runtime.SamTemplate;
import com.anycompany.scoring.wiring.ServingEnvironment;
import com.anycompany.scoring.config.AwsClients;
import com.anycompany.scoring.config.FunctionEnvironment;
import com.fasterxml.jackson.core.type.TypeReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ./scoring up} keeps the local S3 and SQS up until stopped and writes SAM's {@code --env-vars} file. The
 * file's values, applied as a Lambda environment the way {@code sam local invoke} applies them (only the variables
 * template.yaml declares, over SAM's own region and credentials), build clients that reach the running servers.
 */
class UpCommandTest {
    private static final Path TEMPLATE = Path.of("../../template.yaml");

    @TempDir
    Path dir;

    @Test
    void upWritesTheEnvVarsFileWhoseValuesReachTheRunningServers() throws Exception {
        Path home = dir.resolve("state");
        Path file = dir.resolve("env.json");
        CommandLine cmd = ScoringCli.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cmd.setOut(new PrintWriter(out));
        cmd.setErr(new PrintWriter(err));
        UpCommand up = cmd.getSubcommands().get("up").getCommand();
        AtomicInteger code = new AtomicInteger(-1);
        Thread running = new Thread(() -> code.set(cmd.execute("up", "--home", home.toString(), "--template",
                TEMPLATE.toString(), "--env-vars", file.toString())));
        running.start();
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (!Files.exists(file) && running.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(Files.exists(file), "the env-vars file was written: " + err);
        try {
            Map<String, Map<String, String>> vars = BatchCommand.JSON.readValue(file.toFile(),
                    new TypeReference<Map<String, Map<String, String>>>() { });
            SamTemplate template = SamTemplate.load(TEMPLATE, "http://unused", Map.of());
            java.util.Set<String> runnable = new java.util.LinkedHashSet<>();
            for (String id : template.functionIds()) {
                try {
                    template.function(id);
                    runnable.add(id);
                } catch (com.anycompany.scoring.runtime.TemplateException e) {
                    assertTrue(err.toString().contains(id + ": "), "a skipped function is reported: " + err);
                }
            }
            assertTrue(runnable.contains("FraudScoringFunction") && runnable.contains("ScoreShardFunction"), runnable
                    .toString());
            assertEquals(runnable, vars.keySet(), "one entry per function that runs locally, by logical id");
            Map<String, String> fraud = vars.get("FraudScoringFunction");
            String s3Endpoint = fraud.get("AWS_ENDPOINT_URL_S3");
            assertEquals(s3Endpoint, fraud.get("SCORING_AWS_ENDPOINT_S3"));
            assertEquals(fraud.get("AWS_ENDPOINT_URL_SQS"), fraud.get("SCORING_AWS_ENDPOINT_SQS"));
            assertEquals("when_required", fraud.get("AWS_REQUEST_CHECKSUM_CALCULATION"));
            assertEquals("true", fraud.get("SCORING_S3_PATH_STYLE"));
            assertTrue(fraud.get("DECISIONS_QUEUE_URL").startsWith(fraud.get("AWS_ENDPOINT_URL_SQS") + "/"),
                    "the function's own environment, resolved to the local queue: " + fraud);
            assertTrue(out.toString().contains("--env-vars " + file.toAbsolutePath() + " --docker-network host"),
                    out.toString());

            // all of the file's values as the Lambda environment
            reachesTheServers(fraud, home, "probe/all-values.txt");
            // what sam local invoke passes: the declared variables from the file, over SAM's region and credentials
            Map<String, String> sam = new LinkedHashMap<>(Map.of("AWS_REGION", "eu-west-1",
                    "AWS_ACCESS_KEY_ID", "AKIDEXAMPLEFROMSAM", "AWS_SECRET_ACCESS_KEY", "secret-from-sam",
                    "AWS_SESSION_TOKEN", "token-from-sam"));
            for (String declared : template.function("FraudScoringFunction").environment().keySet()) {
                if (fraud.containsKey(declared)) {
                    sam.put(declared, fraud.get(declared));
                }
            }
            assertTrue(sam.containsKey("SCORING_AWS_ENDPOINT_S3") && !sam.containsKey("AWS_ENDPOINT_URL_S3"), sam
                    .keySet().toString());
            reachesTheServers(sam, home, "probe/sam-declared.txt");
        } finally {
            up.stop.countDown();
            running.join(30_000);
        }
        assertEquals(0, code.get(), err.toString());
        URI s3 = URI.create(BatchCommand.JSON.readTree(file.toFile()).at("/FraudScoringFunction/AWS_ENDPOINT_URL_S3")
                .asText());
        assertThrows(ConnectException.class, () -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(s3.getHost(), s3.getPort()), 2000);
            }
        }, "stopped: the local S3 is down");
    }

    /** Builds the function's clients from {@code env} and writes through them; checks with the servers' own state. */
    private static void reachesTheServers(Map<String, String> env, Path home, String key) throws Exception {
        String bucket = env.get(ServingEnvironment.MODEL_BUCKET);
        String queueUrl = env.get("DECISIONS_QUEUE_URL");
        FunctionEnvironment.with(env, () -> {
            try (var s3 = AwsClients.s3(); var sqs = AwsClients.sqs()) {
                s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString("reached"));
                sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(key));
            }
            return null;
        });
        // S3Proxy's filesystem store keeps the object as a file under the state dir
        assertEquals("reached", Files.readString(home.resolve("s3").resolve(bucket).resolve(key)));
        // ElasticMQ hands the message to an independent client
        URI endpoint = URI.create(queueUrl).resolve("/");
        try (SqsClient reader = SqsClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("reader",
                        "reader")))
                .httpClient(UrlConnectionHttpClient.create()).build()) {
            List<String> bodies = reader.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10)
                    .waitTimeSeconds(2)).messages().stream().map(m -> m.body()).toList();
            assertTrue(bodies.contains(key), bodies.toString());
        }
    }
}
