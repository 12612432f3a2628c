package com.anycompany.scoring.functions.fraud;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;

import java.util.List;
import java.util.Map;

/**
 * The SQS partial batch response, plus, for a pre-traffic golden probe only, what the version answered for each
 * probe row ({@code probe}: model, and per row outputs or error and milliseconds). Lambda's SQS poller reads only
 * {@code batchItemFailures}; probes never come from a queue.
 */
public class FraudBatchResponse extends SQSBatchResponse {
    private Map<String, Object> probe;

    public FraudBatchResponse() {
    }

    public FraudBatchResponse(List<BatchItemFailure> failures, Map<String, Object> probe) {
        setBatchItemFailures(failures);
        this.probe = probe;
    }

    public Map<String, Object> getProbe() {
        return probe;
    }

    public void setProbe(Map<String, Object> probe) {
        this.probe = probe;
    }
}
