package com.anycompany.scoring.integration.privacy;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The privacy canary, in one place: every input type and path of the product, and the test that plants the
 * {@code Canaries} (names, SSNs, IBANs, salaries) in every field of that input, runs the path through its handler
 * against real local S3/SQS, captures stdout and stderr (JSON logs and EMF metrics), the reports and the error
 * messages, and finds none of them. Each path runs in its function's module (where its handler, model and real local
 * servers are); this class checks that the table below is true: each named test exists, is a test, plants canaries
 * and asserts {@code Canaries.found(...)} is empty, and every function module is in the table or says why not.
 */
class PrivacyCanaryTest {
    /** One input type through one path, and the test method that runs it. */
    record CanaryPath(String input, String path, String module, String testClass, String method) {
    }

    static final List<CanaryPath> PATHS = List.of(
            new CanaryPath("transactions, malformed (unquoted name, value tails after ')', non-numeric features, "
                    + "not JSON) and valid (personal data in id and extra fields)",
                    "SQS -> FraudScoringFunction: logs, EMF, batch item failures, DLQ/quarantine reasons",
                    "fraud-scoring", "FraudScoringHandlerTest", "noPlantedPersonalDataReachesALogMetricOrErrorMessage"),
            new CanaryPath("batch rows, every column malformed and a row of the wrong width",
                    "ScoreShard + Finalize: logs, EMF, quarantine reasons, drift.json, report.html",
                    "batch-transform", "BatchTransformHandlersTest",
                    "noPlantedPersonalDataReachesTheLogsMetricsOrTheDriftReport"),
            new CanaryPath("document file names (started and rejected uploads)",
                    "S3 -> OcrStarterFunction: logs, EMF, Textract JobTag",
                    "ocr-starter", "OcrStarterHandlerTest", "aDocumentNamedAfterAPersonLeavesNoNameInTheLogsOrTheJobId"),
            new CanaryPath("Textract responses (every text field of the real responses of ../shared/reference/textract/;"
                    + " all text, and values only) and file names in the completion notification",
                    "SNS/SQS -> OcrCallbackFunction: logs, EMF, reasons of review/processed/failed/quarantine records",
                    "ocr-callback", "OcrCallbackHandlerTest", "noCanaryFromTextractResponsesOrFileNamesInLogsMetricsOrReasons"),
            new CanaryPath("predict requests (every feature, a field name, malformed JSON, high values)",
                    "Function URL -> SalaryScoringFunction: logs, EMF, 400 error bodies",
                    "salary-scoring", "SalaryScoringHandlerTest", "noPlantedPersonalDataReachesTheLogsAndNoValueIsEchoed"),
            new CanaryPath("recommendations requests (learner and candidates, valid and invalid)",
                    "direct invoke -> RecommendationsScoringFunction: logs, EMF, the error's message chain",
                    "recommendations-scoring", "RecommendationsScoringHandlerTest",
                    "noPlantedPersonalDataReachesTheLogsOrTheErrors"));

    /** Function modules with no personal input, and why. */
    static final List<String> WITHOUT_PERSONAL_INPUT = List.of(
            "batch-trigger", // S3 keys under batch/input/ (client ids and months, named by the platform) start a run
            "deploy-hooks"); // CodeDeploy lifecycle events and the platform's own golden requests

    private static Path repository() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve("template.yaml"))) {
            p = p.getParent();
        }
        assertNotNull(p, "run inside the repository");
        return p;
    }

    @Test
    void everyPathHasATestThatPlantsTheCanariesAndFindsNone() throws IOException {
        Path root = repository();
        for (CanaryPath c : PATHS) {
            Path source;
            try (Stream<Path> files = Files.walk(root.resolve("functions").resolve(c.module()).resolve("src/test"))) {
                source = files.filter(f -> f.getFileName().toString().equals(c.testClass() + ".java")).findFirst()
                        .orElse(null);
            }
            assertNotNull(source, c.testClass() + " in functions/" + c.module());
            String body = method(Files.readString(source), c.method());
            assertNotNull(body, c.testClass() + "." + c.method() + " (" + c.input() + ")");
            assertTrue(body.contains("Canaries.capture("), c.method() + " captures stdout/stderr");
            assertTrue(body.contains("Canaries.NAME") || body.contains("Canaries.fileName("), c.method()
                    + " plants the canaries");
            assertTrue(body.matches("(?s).*assertEquals\\(List\\.of\\(\\), Canaries\\.found\\(.*"), c.method()
                    + " asserts no canary is found");
        }
    }

    @Test
    void everyFunctionModuleIsInTheTableOrSaysWhyNot() throws IOException {
        Set<String> modules = new TreeSet<>();
        try (Stream<Path> dirs = Files.list(repository().resolve("functions"))) {
            dirs.filter(d -> Files.exists(d.resolve("pom.xml"))).forEach(d -> modules.add(d.getFileName().toString()));
        }
        Set<String> named = new TreeSet<>(WITHOUT_PERSONAL_INPUT);
        PATHS.forEach(c -> named.add(c.module()));
        assertEquals(modules, named, "a new function module needs a canary path (or a reason it has no personal input)");
    }

    @Test
    void theCheckFindsAMissingAssertion() {
        String withTest = "class X {\n    @Test\n    void a() {\n        var r = Canaries.capture(() -> 1);\n    }\n}\n";
        String body = method(withTest, "a");
        assertNotNull(body);
        assertFalse(body.matches("(?s).*assertEquals\\(List\\.of\\(\\), Canaries\\.found\\(.*"));
        assertEquals(null, method(withTest, "b"));
    }

    /** The text of a test method (annotated @Test or @ParameterizedTest) up to the next member; null when absent. */
    static String method(String source, String name) {
        Matcher m = Pattern.compile("@(Test|ParameterizedTest)\\b[^;{]*?\\bvoid " + Pattern.quote(name) + "\\(",
                Pattern.DOTALL).matcher(source);
        if (!m.find()) {
            return null;
        }
        List<String> rest = new ArrayList<>();
        int depth = 0;
        boolean opened = false;
        for (int i = m.end(); i < source.length(); i++) {
            char ch = source.charAt(i);
            rest.add(String.valueOf(ch));
            if (ch == '{') {
                depth++;
                opened = true;
            } else if (ch == '}' && --depth == 0 && opened) {
                break;
            }
        }
        return String.join("", rest);
    }
}
