package com.anycompany.scoring.cli;

import com.anycompany.scoring.records.Json;
import com.anycompany.scoring.runtime.CfnYaml;
import com.anycompany.scoring.runtime.LocalRuntime;
import com.anycompany.scoring.engine.Engines;
import com.anycompany.scoring.feature.JsonRecord;
import com.anycompany.scoring.local.demo.SyntheticPayroll;
import com.anycompany.scoring.model.LoadedModel;
import com.anycompany.scoring.model.ModelLoader;
import com.anycompany.scoring.model.ModelRef;
import com.anycompany.scoring.model.S3ModelStore;
import com.anycompany.scoring.rollout.GoldenGate;
import com.anycompany.scoring.rollout.RolloutRehearsal;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "rollout", mixinStandardHelpOptions = true,
        description = "Rollout tools: rehearse a deployment on recorded traffic before doing it.",
        subcommands = {RolloutCommand.Rehearse.class})
public final class RolloutCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.err);
    }

    @Command(name = "rehearse", mixinStandardHelpOptions = true,
            description = {"Replays recorded traffic through the champion and a candidate, walks the function's "
                    + "deployment schedule from template.yaml (25 -> 50 -> 75 -> 100%% for fraud) and reports, at each "
                    + "step, what the rollback alarms would see, and where the deployment would roll back.",
                    "Exit code 3 when it would roll back."})
    static final class Rehearse implements Callable<Integer> {
        @Option(names = "--model", required = true) String model;
        @Option(names = "--candidate", required = true, paramLabel = "VERSION") String candidate;
        @Option(names = "--champion", paramLabel = "VERSION",
                description = "default: the registry's champion, else the only published version")
        String champion;
        @Option(names = "--traffic", paramLabel = "FILE", description = "JSONL of recorded requests (one transaction "
                + "per line); default: generated synthetic payroll traffic") Path traffic;
        @Option(names = "--requests", defaultValue = "5000", description = "requests to generate without --traffic")
        int requests;
        @Option(names = "--seed", defaultValue = "20261126") long seed;
        @Option(names = "--function", defaultValue = "FraudScoringFunction",
                description = "whose DeploymentPreference gives the schedule (default ${DEFAULT-VALUE})") String function;
        @Option(names = "--entity-field", defaultValue = "employeeId", description = "sticky key field") String entity;
        @Option(names = "--candidate-decisions-queue", paramLabel = "URL", description = "where the candidate's "
                + "decisions are sent during the rehearsal (default: a local rehearsal queue, emptied after); a queue "
                + "the candidate cannot send to rehearses a version whose sends all fail")
        String candidateQueue;
        @Mixin RuntimeOptions runtime;
        @Spec CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            Map<String, Object> tpl = CfnYaml.parse(Files.readString(runtime.template()));
            Schedule schedule = schedule(tpl, function);
            List<RolloutRehearsal.Request> requestsToReplay = new ArrayList<>();
            String source = load(requestsToReplay);
            try (LocalRuntime rt = runtime.open()) {
                Map<String, String> params = rt.template().parameters();
                RolloutRehearsal.Thresholds thresholds = new RolloutRehearsal.Thresholds(0.0,
                        Double.parseDouble(params.getOrDefault("FraudP99DurationAlarmMs", "100")),
                        Double.parseDouble(params.getOrDefault("FraudReviewRateShiftAlarm", "0.5")),
                        Double.parseDouble(params.getOrDefault("FraudFailureRatioThreshold", "0.05")));
                var s3 = rt.aws().s3Client();
                String bucket = rt.bucketName("ModelBucket");
                String championVersion = ModelVersions.resolveAndSay(spec.commandLine().getErr(), s3, bucket, model,
                        champion, "--champion");
                ModelVersions.resolve(s3, bucket, model, candidate, "--candidate");
                ModelLoader loader = new ModelLoader(new S3ModelStore(s3, bucket), Engines.named(Engines.DEFAULT));
                LoadedModel a = loader.load(ModelRef.of(model, championVersion));
                LoadedModel b = loader.load(ModelRef.of(model, candidate));
                String gate;
                try {
                    GoldenGate.Verdict v = RolloutGate.check(s3, bucket, ModelRef.of(model, candidate));
                    gate = (v.passed() ? "passes: " : "FAILS: ") + v.reason();
                } catch (RuntimeException e) {
                    gate = "cannot run: " + e.getMessage();
                }
                RolloutRehearsal.run(a, b, requestsToReplay.subList(0, Math.min(200, requestsToReplay.size())),
                        schedule.steps(), thresholds); // warm-up (JIT) so latencies are steady-state
                boolean[] undelivered = candidateSends(rt, b, requestsToReplay);
                RolloutRehearsal.Report r = RolloutRehearsal.run(a, b, requestsToReplay, schedule.steps(), thresholds,
                        undelivered);
                print(out, r, schedule, source, gate, thresholds);
                out.flush();
                return r.rollsBack() ? 3 : 0;
            }
        }

        private String load(List<RolloutRehearsal.Request> into) throws IOException {
            ObjectMapper json = Json.MAPPER;
            if (traffic == null) {
                for (SyntheticPayroll.Tx tx : new SyntheticPayroll(seed).transactions(requests, "rehearse-")) {
                    JsonNode node = json.valueToTree(tx.fields());
                    into.add(new RolloutRehearsal.Request(node.path(entity).asText(null), new JsonRecord(node)));
                }
                return String.format("%,d generated synthetic payroll transactions (seed %d)", requests, seed);
            }
            int line = 0;
            int skipped = 0;
            try (BufferedReader reader = Files.newBufferedReader(traffic)) {
                String s;
                while ((s = reader.readLine()) != null) {
                    line++;
                    if (s.isBlank()) {
                        continue;
                    }
                    JsonNode node;
                    try {
                        node = json.readTree(s);
                    } catch (IOException e) {
                        skipped++;
                        continue;
                    }
                    if (!node.isObject()) {
                        skipped++;
                        continue;
                    }
                    into.add(new RolloutRehearsal.Request(node.path(entity).asText(null), new JsonRecord(node)));
                }
            } catch (NoSuchFileException e) {
                throw new IllegalArgumentException("--traffic " + traffic + ": no such file");
            }
            if (into.isEmpty()) {
                throw new IllegalArgumentException("--traffic " + traffic + " holds no JSON objects");
            }
            return String.format("%,d requests from %s%s", into.size(), traffic,
                    skipped == 0 ? "" : " (" + skipped + " lines not JSON objects, skipped)");
        }

        record Schedule(String description, List<Integer> steps) {
        }

        @SuppressWarnings("unchecked")
        static Schedule schedule(Map<String, Object> tpl, String function) {
            Map<String, Object> resources = (Map<String, Object>) tpl.getOrDefault("Resources", Map.of());
            Map<String, Object> fn = (Map<String, Object>) resources.get(function);
            if (fn == null) {
                throw new IllegalArgumentException("no function " + function + " in the template");
            }
            Map<String, Object> props = (Map<String, Object>) fn.getOrDefault("Properties", Map.of());
            Map<String, Object> pref = (Map<String, Object>) props.get("DeploymentPreference");
            if (pref == null) {
                throw new IllegalArgumentException(function + " has no DeploymentPreference");
            }
            Object type = pref.get("Type");
            if (type instanceof Map<?, ?> ref && ref.get("Ref") instanceof String name) {
                Map<String, Object> cfg = (Map<String, Object>) ((Map<String, Object>) resources.get(name))
                        .get("Properties");
                Map<String, Object> routing = (Map<String, Object>) cfg.get("TrafficRoutingConfig");
                String kind = (String) routing.get("Type");
                if ("TimeBasedLinear".equals(kind)) {
                    Map<String, Object> l = (Map<String, Object>) routing.get("TimeBasedLinear");
                    int p = ((Number) l.get("LinearPercentage")).intValue();
                    return new Schedule(String.format("%s: linear %d%% every %s min", name, p, l.get("LinearInterval")),
                            RolloutRehearsal.linear(p));
                }
                if ("TimeBasedCanary".equals(kind)) {
                    Map<String, Object> c = (Map<String, Object>) routing.get("TimeBasedCanary");
                    int p = ((Number) c.get("CanaryPercentage")).intValue();
                    return new Schedule(String.format("%s: canary %d%% for %s min", name, p, c.get("CanaryInterval")),
                            RolloutRehearsal.canary(p));
                }
                return new Schedule(name + ": all at once", List.of(100));
            }
            String t = String.valueOf(type);
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("(Canary|Linear)(\\d+)Percent.*").matcher(t);
            if (m.matches()) {
                int p = Integer.parseInt(m.group(2));
                return new Schedule(t, m.group(1).equals("Canary") ? RolloutRehearsal.canary(p)
                        : RolloutRehearsal.linear(p));
            }
            return new Schedule(t, List.of(100));
        }

        /**
         * The candidate's decision path for every request: FraudScoringService deciding and sending through the real
         * SqsDecisionSink to the rehearsal queue; true where the decision was not delivered.
         */
        private boolean[] candidateSends(LocalRuntime rt, LoadedModel candidateModel,
                                         List<RolloutRehearsal.Request> traffic) {
            var sqs = rt.aws().sqsClient();
            String url = candidateQueue != null ? candidateQueue
                    : rt.aws().ensureQueue("rollout-rehearsal-decisions", Map.of());
            var service = new com.anycompany.scoring.fraud.FraudScoringService(
                    new com.anycompany.scoring.model.ModelCache(ref -> candidateModel),
                    candidateModel.card().ref(), new com.anycompany.scoring.fraud.SqsDecisionSink(sqs, url),
                    com.anycompany.scoring.metrics.ScoringMetrics.NONE, java.time.Clock.systemUTC());
            service.warmUp(); // the candidate is loaded already: into the service's cache, before any time budget
            boolean[] undelivered = new boolean[traffic.size()];
            for (int from = 0; from < traffic.size(); from += 10) {
                List<com.anycompany.scoring.fraud.InboundMessage> batch = new ArrayList<>();
                for (int i = from; i < Math.min(traffic.size(), from + 10); i++) {
                    batch.add(new com.anycompany.scoring.fraud.InboundMessage(Integer.toString(i),
                            ((JsonRecord) traffic.get(i).record()).node().toString(), null, 1));
                }
                // one send attempt per batch (no time left for re-sends): local SQS does not throttle
                for (var f : service.process(batch, false,
                        () -> com.anycompany.scoring.fraud.SqsDecisionSink.SEND_RESERVE_MILLIS).failures()) {
                    // a request the candidate cannot score is counted among its errors, not here (RolloutRehearsal)
                    undelivered[Integer.parseInt(f.messageId())] = true;
                }
            }
            if (candidateQueue == null) {
                sqs.purgeQueue(p -> p.queueUrl(url));
            }
            return undelivered;
        }

        private static void print(PrintWriter out, RolloutRehearsal.Report r, Schedule schedule, String source,
                                  String gate, RolloutRehearsal.Thresholds t) {
            out.printf("rollout rehearsal: %s champion %s -> candidate %s (%s)%n", r.model(), r.champion(),
                    r.candidate(), schedule.description());
            out.printf("traffic:   %s; %,d scorable by the champion%n", source, r.scorable());
            out.printf("gate:      golden set of %s@%s %s%n", r.model(), r.candidate(), gate);
            out.printf("baseline:  champion REVIEW rate %.2f%% on all traffic; alarms: any error, p99 > %.0f ms, "
                    + "REVIEW rate off baseline by > %.0f%%, failed messages > %.0f%%%n%n", r.baselineReviewRate() * 100,
                    t.p99BudgetMillis(), t.maxRelativeReviewShift() * 100, t.maxFailureRatio() * 100);
            out.printf("%-4s %7s %12s %6s %8s %8s %7s %10s %6s %7s  %s%n", "step", "traffic", "on-candidate", "errors",
                    "p99 ms", "review", "shift", "|delta|", "flips", "missed", "alarms");
            for (RolloutRehearsal.Step s : r.steps()) {
                out.printf("%-4d %6d%% %12d %6d %8.3f %7.2f%% %6.0f%% %10.4f %6d %7d  %s%n", s.number(), s.percent(),
                        s.onCandidate(), s.errors(), s.p99Millis(), s.reviewRate() * 100, s.relativeShift() * 100,
                        s.meanAbsDelta(), s.flips(), s.missedReviews(), s.alarms().isEmpty() ? "ok"
                                : String.join("; ", s.alarms()));
            }
            out.println();
            if (r.rollsBack()) {
                RolloutRehearsal.Step s = r.rollbackAt();
                out.printf("verdict:   ROLL BACK at step %d (%d%%): %s%n", s.number(), s.percent(),
                        String.join("; ", s.alarms()));
            } else {
                out.printf("verdict:   completes: no alarm at any step (%s)%n", schedule.steps());
            }
        }
    }
}
