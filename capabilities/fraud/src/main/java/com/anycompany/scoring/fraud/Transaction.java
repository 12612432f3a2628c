package com.anycompany.scoring.fraud;

import com.anycompany.scoring.records.Json;
import com.anycompany.scoring.feature.JsonRecord;
import com.anycompany.scoring.model.InvalidRecordException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A payroll transaction as it arrives on the queue: a JSON object with a {@code transactionId} and the fields the
 * model's card names (any order; other fields, including personal data, are ignored and never logged).
 */
public record Transaction(String transactionId, JsonRecord record) {
    /** Largest body accepted; SQS allows 256 KiB, a transaction is a few hundred bytes. */
    public static final int MAX_BODY_CHARS = 64 * 1024;
    private static final int MAX_ID_CHARS = 128;
    private static final ObjectMapper JSON = Json.MAPPER;

    /** Limits for one untrusted message body, on a parser of its own (not on the shared mapper). */
    private static final Json.Limited BODY = Json.limited(StreamReadConstraints.builder()
                .maxNestingDepth(32).maxStringLength(MAX_BODY_CHARS).maxNumberLength(64).build());

    /**
     * Parses a message body.
     *
     * @param label names the message in errors, e.g. "message 5f1c…"
     * @throws InvalidRecordException when the body is not a transaction, saying why
     */
    public static Transaction parse(String body, String label) {
        if (body == null || body.isBlank()) {
            throw new InvalidRecordException(label, "the body is empty; expected a transaction as a JSON object");
        }
        if (body.length() > MAX_BODY_CHARS) {
            throw new InvalidRecordException(label, "the body is " + body.length() + " characters; the limit is "
                    + MAX_BODY_CHARS);
        }
        JsonNode node;
        try {
            node = BODY.readTree(body);
        } catch (JsonProcessingException e) {
            String where = " " + com.anycompany.scoring.privacy.Redaction.jsonLocation(e);
            // Jackson's own message quotes the offending token (a name typed without quotes): never pass it on
            throw new InvalidRecordException(label, "the body is not JSON" + where + "; expected a transaction as a "
                    + "JSON object with every string value in double quotes");
        }
        if (node == null || !node.isObject()) {
            throw new InvalidRecordException(label, "the body is JSON but not an object; expected a transaction");
        }
        JsonNode id = node.get("transactionId");
        if (id == null || !(id.isTextual() || id.isIntegralNumber()) || id.asText().isBlank()) {
            throw new InvalidRecordException(label, "'transactionId' is required (a non-empty string); is this a "
                    + "payroll transaction?");
        }
        String txId = id.asText();
        if (txId.length() > MAX_ID_CHARS) {
            throw new InvalidRecordException(label, "'transactionId' is longer than " + MAX_ID_CHARS + " characters");
        }
        return new Transaction(txId, new JsonRecord(node));
    }
}
