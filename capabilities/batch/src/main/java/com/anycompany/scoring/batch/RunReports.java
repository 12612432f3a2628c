package com.anycompany.scoring.batch;

import com.anycompany.scoring.model.CorruptArtifactException;
import com.anycompany.scoring.model.DriftThresholds;
import com.anycompany.scoring.model.ModelCard;
import com.anycompany.scoring.model.ModelCards;
import com.anycompany.scoring.model.ModelRef;
import com.anycompany.scoring.monitor.ClientDriftCounts;
import com.anycompany.scoring.monitor.DriftReportHtml;
import com.anycompany.scoring.monitor.QuarantineReasons;
import com.anycompany.scoring.monitor.RunDrift;
import com.fasterxml.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A run's drift report: {@code drift.json} ({@link RunDrift}) and {@code report.html} ({@link DriftReportHtml}),
 * written next to the run's output ({@code <outputPrefix>drift.json}, {@code <outputPrefix>report.html}) from the
 * shard results' per-client counts and the cards of the models that scored them. Both keys are fixed by the run, so
 * a retried finalize or a rebuild replaces them.
 */
public final class RunReports {
    public static final String DRIFT_JSON = "drift.json";
    public static final String REPORT_HTML = "report.html";
    /** Cards read at once when a report is written. */
    static final int CARD_READS = 16;

    /** What was written. */
    public record Written(String runId, String bucket, String driftKey, String reportKey, int clients,
                          int clientsDrifted) {
        public String reportUri() {
            return "s3://" + bucket + "/" + reportKey;
        }
    }

    private RunReports() {
    }

    public static Written write(BatchStorage storage, BatchPlan plan, List<ShardResult> results,
                                Function<ModelRef, Optional<ModelCard>> cards, DriftThresholds deployment,
                                long minRows) {
        Map<String, ClientDriftCounts> clients = new TreeMap<>();
        Map<String, Long> reasons = new TreeMap<>();
        long rows = 0;
        long scored = 0;
        long quarantined = 0;
        for (ShardResult r : results) {
            rows += r.rows();
            scored += r.scored();
            quarantined += r.quarantined();
            if (r.drift() != null) {
                for (ClientDriftCounts c : r.drift()) {
                    clients.merge(c.client(), c, ClientDriftCounts::merge);
                }
            }
            reasons = QuarantineReasons.merge(reasons, r.quarantineReasons());
        }
        // the cards (one GET each, a thousand for a monthly run) are read CARD_READS at a time, not one by one
        List<ModelRef> refs = clients.values().stream().map(RunDrift::cardRef).distinct().toList();
        List<Optional<ModelCard>> read = BoundedParallel.map(refs, CARD_READS, cards);
        Map<ModelRef, Optional<ModelCard>> known = new java.util.HashMap<>();
        for (int i = 0; i < refs.size(); i++) {
            known.put(refs.get(i), read.get(i));
        }
        Map<String, Object> doc = RunDrift.build(new RunDrift.Run(plan.runId(), plan.model(), plan.modelVersion(),
                rows, scored, quarantined), new ArrayList<>(clients.values()), reasons,
                ref -> known.containsKey(ref) ? known.get(ref) : cards.apply(ref), deployment, minRows);
        byte[] json = BatchJson.bytes(doc);
        String html = DriftReportHtml.render(BatchJson.read(json, JsonNode.class, "drift.json"));
        String driftKey = plan.outputPrefix() + DRIFT_JSON;
        String reportKey = plan.outputPrefix() + REPORT_HTML;
        storage.write(plan.bucket(), driftKey, json, "application/json");
        storage.write(plan.bucket(), reportKey, html.getBytes(StandardCharsets.UTF_8), "text/html; charset=utf-8");
        return new Written(plan.runId(), plan.bucket(), driftKey, reportKey, clients.size(), ((Number) doc.get("clients_drifted"))
                .intValue());
    }

    /** Rebuilds a finished (or failed-to-report) run's report from its plan and shard results. */
    public static Written rebuild(BatchStorage storage, String bucket, String outputPrefix,
                                  Function<ModelRef, Optional<ModelCard>> cards, DriftThresholds deployment,
                                  long minRows) {
        String prefix = outputPrefix.isEmpty() || outputPrefix.endsWith("/") ? outputPrefix : outputPrefix + "/";
        String planKey = prefix + "_manifest/plan.json";
        BatchPlan plan = BatchJson.read(storage.read(bucket, planKey).orElseThrow(() -> new BatchInputException(
                "no run at s3://" + bucket + "/" + prefix + ": " + planKey + " is missing; give the run's output "
                        + "prefix (the one with _SUCCESS)")), BatchPlan.class, planKey);
        List<ShardResult> results = new ArrayList<>();
        for (Shard s : plan.shards()) {
            results.add(storage.read(bucket, s.resultKey()).map(b -> BatchJson.read(b, ShardResult.class,
                    s.resultKey())).orElseThrow(() -> new BatchInputException("shard " + s.index() + " has no result at "
                    + s.resultKey() + "; the run did not finish")));
        }
        return write(storage, plan, results, cards, deployment, minRows);
    }

    /** Cards read from {@code models/…/card.json} in {@code modelBucket}, each once. */
    public static Function<ModelRef, Optional<ModelCard>> cardsIn(BatchStorage storage, String modelBucket) {
        Map<ModelRef, Optional<ModelCard>> seen = new ConcurrentHashMap<>();
        // not computeIfAbsent: it would hold the map's bin lock through the GET, serialising concurrent reads
        return ref -> {
            Optional<ModelCard> known = seen.get(ref);
            if (known != null) {
                return known;
            }
            Optional<ModelCard> card;
            try {
                card = storage.read(modelBucket, ref.prefix() + "card.json")
                        .map(b -> ModelCards.parse("s3://" + modelBucket + "/" + ref.prefix() + "card.json", b));
            } catch (CorruptArtifactException e) {
                card = Optional.empty();
            }
            Optional<ModelCard> raced = seen.putIfAbsent(ref, card);
            return raced != null ? raced : card;
        };
    }
}
