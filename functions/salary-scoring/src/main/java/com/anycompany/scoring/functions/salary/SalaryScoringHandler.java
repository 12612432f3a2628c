package com.anycompany.scoring.functions.salary;

import com.anycompany.scoring.rollout.ProbeContract;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.anycompany.scoring.predict.ApiRequest;
import com.anycompany.scoring.predict.ApiResponse;
import com.anycompany.scoring.predict.PredictWiring;
import com.anycompany.scoring.predict.PredictionService;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Salary benchmarking behind a Lambda Function URL ({@code AuthType: AWS_IAM}): {@code POST
 * /v1/models/{name}/predict}. Function URLs send the API Gateway HTTP API payload format 2.0, which
 * aws-lambda-java-events models as {@link APIGatewayV2HTTPEvent} / {@link APIGatewayV2HTTPResponse} (the library has
 * no Function URL class of its own). The handler only translates; the endpoint is
 * {@link PredictionService} in capabilities/predict.
 *
 * <p>Pre-traffic probe: a direct invoke whose {@code requestContext.routeKey} is {@value #PROBE_ROUTE_KEY} (a Function
 * URL always sends {@code $default}, so no HTTP caller can take this path) scores the golden rows in its body with the
 * version named in the {@value #PROBE_VERSION_HEADER} header.
 */
public final class SalaryScoringHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>,
        Resource {
    public static final String PROBE_ROUTE_KEY = ProbeContract.MARKER;
    public static final String PROBE_VERSION_HEADER = ProbeContract.VERSION_HEADER;
    private static final Pattern MODEL = Pattern.compile("^/v1/models/([^/]+)/predict/?$");
    private static final Logger LOG = LoggerFactory.getLogger(SalaryScoringHandler.class);

    private final PredictionService service;

    public SalaryScoringHandler() {
        this(PredictWiring.fromEnvironment());
    }

    SalaryScoringHandler(PredictionService service) {
        this.service = service;
        Core.getGlobalContext().register(this);
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return PowertoolsLogging.withLogging(context, () -> {
            ApiRequest request = toRequest(event);
            APIGatewayV2HTTPEvent.RequestContext rc = event == null ? null : event.getRequestContext();
            if (rc != null && PROBE_ROUTE_KEY.equals(rc.getRouteKey())) {
                Matcher m = MODEL.matcher(request.path());
                return toResponse(service.probeResponse(m.matches() ? m.group(1) : "",
                        request.header(PROBE_VERSION_HEADER), request.body()));
            }
            String requestId = context != null && context.getAwsRequestId() != null ? context.getAwsRequestId()
                    : rc != null ? rc.getRequestId() : null;
            return toResponse(service.handle(request, requestId));
        });
    }

    static ApiRequest toRequest(APIGatewayV2HTTPEvent event) {
        if (event == null) {
            return new ApiRequest("", "", Map.of(), null);
        }
        APIGatewayV2HTTPEvent.RequestContext rc = event.getRequestContext();
        String method = rc != null && rc.getHttp() != null ? rc.getHttp().getMethod() : null;
        String path = event.getRawPath() != null ? event.getRawPath()
                : rc != null && rc.getHttp() != null ? rc.getHttp().getPath() : null;
        byte[] body;
        if (event.getBody() == null) {
            body = new byte[0];
        } else if (event.getIsBase64Encoded()) {
            try {
                body = Base64.getDecoder().decode(event.getBody());
            } catch (IllegalArgumentException e) {
                body = event.getBody().getBytes(StandardCharsets.UTF_8);
            }
        } else {
            body = event.getBody().getBytes(StandardCharsets.UTF_8);
        }
        return new ApiRequest(method, path, event.getHeaders(), body);
    }

    static APIGatewayV2HTTPResponse toResponse(ApiResponse r) {
        return APIGatewayV2HTTPResponse.builder().withStatusCode(r.status()).withHeaders(r.headers())
                .withBody(r.body()).withIsBase64Encoded(false).build();
    }

    /** SnapStart: load the served models and run the whole request path before the snapshot is taken. */
    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        service.warmUp(2_000);
    }

    /** SnapStart: registry aliases in the snapshot may be hours old; the loaded (immutable) models are kept. */
    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        service.catalog().invalidate();
        LOG.info("restored: aliases to be re-read");
    }
}
