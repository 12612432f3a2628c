package com.anycompany.scoring.cli;

import com.anycompany.scoring.records.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Accounts for every sent transaction by its id: reads back every decision (by {@code transactionId}) and every
 * dead-letter entry (by its {@code demoId} attribute), and checks that each sent id is exactly one of them.
 * <ul>
 *   <li>{@code lost}: a sent id with neither a decision nor a dead letter;</li>
 *   <li>{@code duplicated}: a sent id with two different outcomes: two decisions that differ, or a decision and a
 *   dead letter, or two dead letters;</li>
 *   <li>{@code redundant_copies}: extra byte-identical copies of one decision (same dedup key), which SQS's
 *   at-least-once delivery allows on a standard queue and a consumer drops on the dedup key;</li>
 *   <li>{@code unexpected}: a decision or dead letter for an id that was never sent.</li>
 * </ul>
 * Decisions are deleted as they are read; dead letters are left in place (received with a visibility timeout).
 */
final class IdReconciliation {
    private static final ObjectMapper JSON = Json.MAPPER;

    record Result(long sent, long decided, long deadLettered, long lost, long duplicated, long redundantCopies,
                  long unexpected, Set<String> deadLetterIds, long review, String sample, List<String> examples) {
        boolean ok(Set<String> expectedDeadLetters) {
            return lost == 0 && duplicated == 0 && unexpected == 0 && deadLetterIds.equals(expectedDeadLetters);
        }

        void into(ObjectNode summary) {
            summary.put("reconciled_by_id", true);
            summary.put("delivered", decided);
            summary.put("dead_lettered", deadLettered);
            summary.put("lost", lost);
            summary.put("duplicates", duplicated);
            summary.put("redundant_copies", redundantCopies);
            summary.put("unexpected", unexpected);
            summary.putPOJO("problem_examples", examples);
        }
    }

    private IdReconciliation() {
    }

    static Result reconcile(SqsClient sqs, String decisionsUrl, String dlqUrl, List<String> sentIds)
            throws java.io.IOException {
        Map<String, String> firstBody = new HashMap<>(sentIds.size() * 2);
        Set<String> conflicting = new HashSet<>();
        long copies = 0;
        long review = 0;
        String sample = null;
        for (List<Message> got = receive(sqs, decisionsUrl); !got.isEmpty(); got = receive(sqs, decisionsUrl)) {
            for (Message m : got) {
                JsonNode d = JSON.readTree(m.body());
                String id = d.path("transactionId").asText();
                String earlier = firstBody.putIfAbsent(id, m.body());
                if (earlier == null) {
                    if ("REVIEW".equals(d.path("decision").asText())) {
                        review++;
                        sample = sample == null ? m.body() : sample;
                    }
                } else if (earlier.equals(m.body())) {
                    copies++;
                } else {
                    conflicting.add(id);
                }
            }
            List<Message> read = got;
            sqs.deleteMessageBatch(b -> b.queueUrl(decisionsUrl).entries(read.stream().map(m ->
                    DeleteMessageBatchRequestEntry.builder().id(m.messageId()).receiptHandle(m.receiptHandle())
                            .build()).toList()));
        }
        Map<String, Integer> deadLetters = new HashMap<>();
        for (List<Message> got = receive(sqs, dlqUrl); !got.isEmpty(); got = receive(sqs, dlqUrl)) {
            got.forEach(m -> deadLetters.merge(m.messageAttributes().get("demoId").stringValue(), 1, Integer::sum));
        }
        Set<String> sent = new HashSet<>(sentIds);
        long lost = 0;
        long duplicated = 0;
        List<String> examples = new ArrayList<>();
        for (String id : sentIds) {
            boolean decided = firstBody.containsKey(id);
            int dead = deadLetters.getOrDefault(id, 0);
            if (!decided && dead == 0) {
                lost++;
                example(examples, "lost " + id);
            } else if (conflicting.contains(id) || (decided && dead > 0) || dead > 1) {
                duplicated++;
                example(examples, "duplicated " + id);
            }
        }
        long unexpected = firstBody.keySet().stream().filter(id -> !sent.contains(id)).count()
                + deadLetters.keySet().stream().filter(id -> !sent.contains(id)).count();
        return new Result(sentIds.size(), firstBody.size(), deadLetters.size(), lost, duplicated, copies, unexpected,
                deadLetters.keySet(), review, sample, examples);
    }

    private static void example(List<String> examples, String what) {
        if (examples.size() < 10) {
            examples.add(what);
        }
    }

    private static List<Message> receive(SqsClient sqs, String url) {
        return sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).visibilityTimeout(300)
                .messageAttributeNames("All").waitTimeSeconds(0)).messages();
    }
}
