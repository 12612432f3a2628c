package com.anycompany.scoring.runtime;

import com.anycompany.scoring.batch.BatchJson;
import com.anycompany.scoring.config.AwsClients;
import com.anycompany.scoring.config.FunctionEnvironment;
import com.anycompany.scoring.local.textract.SimulatedTextract;
import com.anycompany.scoring.ocr.textract.AnalysisJobRequest;
import com.anycompany.scoring.ocr.textract.SdkTextractJobs;
import com.anycompany.scoring.ocr.textract.TextractRejectedException;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvalidParameterValueException;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The local stand-ins for services AWS offers no local server of, driven by the real clients and checked against the
 * services' documented behaviour: Lambda's Invoke API (SDK LambdaClient; API reference, Invoke) and Textract's
 * StartDocumentAnalysis / GetDocumentAnalysis (SDK TextractClient; API reference, errors).
 */
class LocalServiceServersTest {
    @TempDir
    static Path dir;
    static LocalRuntime rt;

    @BeforeAll
    static void open() throws Exception {
        rt = LocalRuntimeTest.openTestTemplate(dir);
    }

    @AfterAll
    static void close() {
        rt.close();
    }

    private static LambdaClient lambda() {
        return FunctionEnvironment.with(rt.environment(), () -> LambdaClient.builder()
                .httpClient(UrlConnectionHttpClient.create()).region(AwsClients.region())
                .endpointOverride(URI.create(rt.lambdaApi().endpoint()))
                .credentialsProvider(AwsClients.credentials(Optional.of("local"))).build());
    }

    @Test
    void invokeAnswersAsLambdaDocuments() throws Exception {
        try (LambdaClient lambda = lambda()) {
            String arn = "arn:aws:lambda:us-east-1:000000000000:function:EnvFunction:" + SamTemplate.LOCAL_VERSION;
            InvokeResponse r = lambda.invoke(b -> b.functionName(arn).payload(SdkBytes.fromUtf8String("{\"a\":1}")));
            assertEquals(200, r.statusCode());
            assertNull(r.functionError());
            assertEquals(SamTemplate.LOCAL_VERSION, r.executedVersion());
            JsonNode out = BatchJson.MAPPER.readTree(r.payload().asUtf8String());
            assertEquals("EnvFunction", out.get("function").asText());
            assertEquals(1, out.at("/input/a").asInt());

            assertEquals(204, lambda.invoke(b -> b.functionName("EnvFunction").qualifier("$LATEST")
                    .invocationType(InvocationType.DRY_RUN)).statusCode());
            assertThrows(ResourceNotFoundException.class, () -> lambda.invoke(b -> b.functionName("NoSuchFunction")
                    .payload(SdkBytes.fromUtf8String("{}"))));
            assertThrows(ResourceNotFoundException.class, () -> lambda.invoke(b -> b.functionName("EnvFunction")
                    .qualifier("7").payload(SdkBytes.fromUtf8String("{}"))));
            assertThrows(InvalidParameterValueException.class, () -> lambda.invoke(b -> b.functionName(arn)
                    .qualifier("$LATEST").payload(SdkBytes.fromUtf8String("{}"))));
        }
    }

    @Test
    void textractStartsAndReportsJobsThroughTheSdkClient() {
        SdkTextractJobs textract = FunctionEnvironment.with(rt.environment(), SdkTextractJobs::create);
        AnalysisJobRequest request = new AnalysisJobRequest("docs", "documents/incoming/a.pdf", List.of("FORMS"),
                List.of(), "arn:aws:sns:us-east-1:000000000000:topic", "arn:aws:iam::000000000000:role/textract",
                "docs", "documents/textract", "doc-0123456789ab", "token-servers-test");
        String jobId = textract.startDocumentAnalysis(request);
        assertTrue(jobId.matches("[0-9a-f]{64}"), jobId);
        assertEquals(jobId, textract.startDocumentAnalysis(request), "the same ClientRequestToken: the same job");
        assertEquals(Optional.of("IN_PROGRESS"), textract.getDocumentAnalysis(jobId, Optional.empty()).jobStatus());
        SimulatedTextract.Job job = SimulatedTextract.shared().jobs().stream().filter(j -> j.jobId().equals(jobId))
                .findFirst().orElseThrow();
        assertEquals(request, job.request(), "the request arrived whole through the wire format");

        TextractRejectedException noFeatures = assertThrows(TextractRejectedException.class,
                () -> textract.startDocumentAnalysis(new AnalysisJobRequest("docs", "documents/incoming/b.pdf",
                        List.of(), List.of(), null, null, "docs", "documents/textract", "doc-0123456789ac", "t2")));
        assertTrue(noFeatures.getMessage().contains("InvalidParameterException"), noFeatures.getMessage());
        TextractRejectedException noJob = assertThrows(TextractRejectedException.class,
                () -> textract.getDocumentAnalysis("0".repeat(64), Optional.empty()));
        assertTrue(noJob.getMessage().contains("InvalidJobIdException"), noJob.getMessage());
    }
}
