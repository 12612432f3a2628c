package com.anycompany.scoring.functions.hooks;

import com.anycompany.scoring.rollout.GoldenGate;
import com.anycompany.scoring.rollout.GoldenSet;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** Thin adapter: Lambda {@code Invoke} (RequestResponse) of the new function version with the probe payload. */
public final class LambdaGoldenProbe implements GoldenProbe {
    private final LambdaClient lambda;
    private final String functionVersionArn;
    private final String urlModel;

    /** @param functionVersionArn the version under test, e.g. {@code arn:aws:lambda:…:function:fraud:7} */
    public LambdaGoldenProbe(LambdaClient lambda, String functionVersionArn) {
        this(lambda, functionVersionArn, null);
    }

    /**
     * @param urlModel null for the SQS-shaped probe; else the model name of a Function URL function's
     *                 {@code POST /v1/models/<urlModel>/predict} (the payload-format-2.0 probe)
     */
    public LambdaGoldenProbe(LambdaClient lambda, String functionVersionArn, String urlModel) {
        this.lambda = lambda;
        this.functionVersionArn = functionVersionArn;
        this.urlModel = urlModel;
    }

    @Override
    public List<GoldenGate.Observation> probe(GoldenSet golden, String version) {
        InvokeResponse r;
        try {
            r = lambda.invoke(b -> b.functionName(functionVersionArn)
                    .payload(SdkBytes.fromUtf8String(urlModel == null ? ProbePayloads.request(golden, version)
                            : ProbePayloads.functionUrlRequest(golden, urlModel, version))));
        } catch (SdkException e) {
            throw new ProbeFailedException("invoking " + functionVersionArn + " failed: " + e.getMessage(), e);
        }
        String body = r.payload() == null ? "" : r.payload().asString(StandardCharsets.UTF_8);
        if (r.functionError() != null) {
            throw new ProbeFailedException(functionVersionArn + " answered with a function error ("
                    + r.functionError() + "): " + abbreviate(body));
        }
        return urlModel == null ? ProbePayloads.response(body, version)
                : ProbePayloads.functionUrlResponse(body, version);
    }

    private static String abbreviate(String s) {
        return s.length() > 300 ? s.substring(0, 297) + "..." : s;
    }
}
