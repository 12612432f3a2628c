package com.anycompany.scoring.runtime.stepfunctions;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;

/** The loaded, validated state machine (internal to the interpreter). */
final class Model {
    private Model() {
    }

    /** A state list with its start (the top level, a Parallel branch, or a Map's processor). */
    record Graph(String startAt, Map<String, State> states) {
    }

    /** InputPath / OutputPath / ResultPath: absent means {@code $}; {@code null} in the JSON means discard. */
    record PathSpec(JsonPath path, boolean discard) {
        static final PathSpec ROOT = new PathSpec(JsonPath.parse("$"), false);
        static final PathSpec DISCARD = new PathSpec(null, true);
    }

    record Retrier(List<String> errorEquals, double intervalSeconds, int maxAttempts, double backoffRate,
                   Double maxDelaySeconds, boolean fullJitter) {
    }

    record Catcher(List<String> errorEquals, PathSpec resultPath, String next) {
    }

    /** Fields common to every state; the type-specific part is in {@link #kind}. */
    record State(String name, String type, String next, boolean end, PathSpec inputPath, PathSpec outputPath,
                 PayloadTemplate parameters, PayloadTemplate resultSelector, PathSpec resultPath,
                 List<Retrier> retry, List<Catcher> catchers, Kind kind) {
    }

    sealed interface Kind permits Task, Pass, Choice, Wait, Succeed, Fail, Parallel, MapKind {
    }

    record Task(String resource, Integer timeoutSeconds, JsonPath timeoutSecondsPath) implements Kind {
    }

    record Pass(JsonNode result) implements Kind {
    }

    record Choice(List<ChoiceRules.Branch> choices, String defaultNext) implements Kind {
    }

    record Wait(Long seconds, JsonPath secondsPath, String timestamp, JsonPath timestampPath) implements Kind {
    }

    record Succeed() implements Kind {
    }

    record Fail(String error, String cause, Intrinsics.Expr errorPath, Intrinsics.Expr causePath) implements Kind {
    }

    record Parallel(List<Graph> branches) implements Kind {
    }

    record MapKind(Graph processor, boolean distributed, JsonPath itemsPath, PayloadTemplate itemSelector,
                   Integer maxConcurrency, JsonPath maxConcurrencyPath, ItemReader reader, ItemBatcher batcher,
                   ResultWriter writer, Double toleratedPercentage, JsonPath toleratedPercentagePath,
                   Long toleratedCount, JsonPath toleratedCountPath, String label) implements Kind {
    }

    /** s3:getObject (InputType JSON, JSONL or CSV) or s3:listObjectsV2. */
    record ItemReader(String resource, PayloadTemplate parameters, String inputType, boolean csvHeaderFirstRow,
                      List<String> csvHeaders, Long maxItems, JsonPath maxItemsPath) {
    }

    record ItemBatcher(Integer maxItemsPerBatch, JsonPath maxItemsPerBatchPath, Integer maxInputBytesPerBatch,
                       JsonPath maxInputBytesPerBatchPath, PayloadTemplate batchInput) {
    }

    record ResultWriter(PayloadTemplate parameters) {
    }
}
