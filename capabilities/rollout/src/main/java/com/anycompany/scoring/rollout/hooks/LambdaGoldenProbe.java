package com.anycompany.scoring.rollout.hooks;

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
    private final ProbePayloads.Format format;
    private final String model;

    /** @param functionVersionArn the version under test, e.g. {@code arn:aws:lambda:…:function:fraud:7} (SQS probe) */
    public LambdaGoldenProbe(LambdaClient lambda, String functionVersionArn) {
        this(lambda, functionVersionArn, ProbePayloads.Format.SQS, null);
    }

    /**
     * @param format how the function under test takes a probe
     * @param model  the model name (the {@code rows} document's model; the Function URL's
     *               {@code POST /v1/models/<model>/predict})
     */
    public LambdaGoldenProbe(LambdaClient lambda, String functionVersionArn, ProbePayloads.Format format,
                             String model) {
        this.lambda = lambda;
        this.functionVersionArn = functionVersionArn;
        this.format = format;
        this.model = model;
    }

    @Override
    public List<GoldenGate.Observation> probe(GoldenSet golden, String version) {
        InvokeResponse r;
        try {
            r = lambda.invoke(b -> b.functionName(functionVersionArn)
                    .payload(SdkBytes.fromUtf8String(ProbePayloads.request(format, model, golden, version))));
        } catch (SdkException e) {
            throw new ProbeFailedException("invoking " + functionVersionArn + " failed: " + e.getMessage(), e);
        }
        String body = r.payload() == null ? "" : r.payload().asString(StandardCharsets.UTF_8);
        if (r.functionError() != null) {
            throw new ProbeFailedException(functionVersionArn + " answered with a function error ("
                    + r.functionError() + "): " + abbreviate(body));
        }
        return format == ProbePayloads.Format.FUNCTION_URL ? ProbePayloads.functionUrlResponse(body, version)
                : ProbePayloads.response(body, version);
    }

    private static String abbreviate(String s) {
        return s.length() > 300 ? s.substring(0, 297) + "..." : s;
    }
}
