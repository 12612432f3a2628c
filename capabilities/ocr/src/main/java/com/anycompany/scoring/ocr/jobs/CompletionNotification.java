package com.anycompany.scoring.ocr.jobs;

import com.anycompany.scoring.records.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.Optional;

/**
 * Textract's completion message, as published to the NotificationChannel's SNS topic:
 * {@code {"JobId","Status","API","JobTag","Timestamp","DocumentLocation":{"S3ObjectName","S3Bucket"}}}. Through an
 * SNS→SQS subscription the SQS body is the SNS envelope ({@code "Type":"Notification"}, the message as a string in
 * {@code "Message"}); with raw message delivery it is the message itself. Both are accepted.
 */
public record CompletionNotification(String jobId, String status, String api, Optional<String> jobTag, long timestamp,
                                     String bucket, String objectName) {
    private static final ObjectMapper JSON = Json.MAPPER;

    /** The SQS body is not a Textract completion notification: poison. */
    public static final class InvalidNotificationException extends Exception {
        public InvalidNotificationException(String message) {
            super(message);
        }
    }

    public static CompletionNotification parse(String body) throws InvalidNotificationException {
        JsonNode n = json(body, "the message body");
        if (n.has("Type") && n.has("Message")) {
            if (!"Notification".equals(n.path("Type").asText())) {
                throw new InvalidNotificationException("an SNS " + n.path("Type").asText() + " message, not a Notification");
            }
            n = json(n.path("Message").asText(), "the SNS Message");
        }
        String jobId = n.path("JobId").asText("");
        String status = n.path("Status").asText("");
        if (jobId.isBlank() || status.isBlank()) {
            throw new InvalidNotificationException("not a Textract completion notification: JobId and Status are "
                    + "required");
        }
        if (!jobId.matches("[A-Za-z0-9-]{1,64}")) {
            throw new InvalidNotificationException("JobId is not a Textract job id ([A-Za-z0-9-]{1,64})");
        }
        String tag = n.path("JobTag").asText("");
        JsonNode loc = n.path("DocumentLocation");
        return new CompletionNotification(jobId, status, n.path("API").asText(""),
                tag.isBlank() ? Optional.empty() : Optional.of(tag), n.path("Timestamp").asLong(0),
                loc.path("S3Bucket").asText(""), loc.path("S3ObjectName").asText(""));
    }

    /** The docId: the JobTag the starter set, or one derived from the JobId when the tag is absent or foreign. */
    public String docId() {
        return jobTag.filter(DocumentKeys::isDocId).orElse("job-" + jobId);
    }

    private static JsonNode json(String s, String what) throws InvalidNotificationException {
        if (s == null || s.isBlank()) {
            throw new InvalidNotificationException(what + " is empty");
        }
        try {
            JsonNode n = JSON.readTree(s);
            if (n == null || !n.isObject()) {
                throw new InvalidNotificationException(what + " is not a JSON object");
            }
            return n;
        } catch (IOException e) {
            throw new InvalidNotificationException(what + " is not JSON");
        }
    }
}
