package com.anycompany.scoring.advisor;

import com.anycompany.scoring.records.Json;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/** The recommendation as JSON ({@code ./scoring advise --json}); field names are snake_case and stable. */
public final class RecommendationJson {
    private static final ObjectMapper JSON = Json.MAPPER;

    private RecommendationJson() {
    }

    public static ObjectNode of(Recommendation r) {
        ObjectNode o = JSON.createObjectNode();
        o.put("profile", r.profile().name());
        ObjectNode mode = o.putObject("mode");
        mode.put("id", r.mode().mode().id());
        mode.put("label", r.mode().mode().label());
        mode.put("platform", r.mode().mode().platform());
        mode.put("rule", r.mode().rule());
        mode.put("explanation", r.mode().explanation());
        ObjectNode strategy = o.putObject("strategy");
        DeploymentStrategy s = r.strategy().strategy();
        strategy.put("kind", s.kind().name().toLowerCase(java.util.Locale.ROOT));
        strategy.put("label", s.label());
        strategy.put("percent", s.percent());
        strategy.put("interval_minutes", s.intervalMinutes());
        strategy.put("alarm_rollback", s.alarmRollback());
        strategy.put("rule", r.strategy().rule());
        strategy.put("explanation", r.strategy().explanation());
        LambdaSizing l = r.lambda();
        ObjectNode lambda = o.putObject("lambda");
        lambda.put("mode", l.mode().id());
        lambda.put("architecture", r.architecture());
        lambda.put("memory_mb", l.memoryMb());
        lambda.put("reserved_concurrency", l.reservedConcurrency());
        lambda.put("timeout_s", l.timeoutSeconds());
        lambda.put("records_per_invocation", l.recordsPerInvocation());
        lambda.put("invocations_per_month", Math.round(l.invocationsPerMonth()));
        lambda.put("mean_ms", round(l.meanMs()));
        lambda.put("p99_ms", round(l.p99Ms()));
        lambda.put("latency_met", l.latencyMet());
        lambda.put("memory_rule", l.memoryRule());
        if (l.shardsPerRun() > 0) {
            lambda.put("shards_per_run", l.shardsPerRun());
        }
        ArrayNode points = lambda.putArray("by_memory");
        for (LambdaSizing.Point p : l.points()) {
            ObjectNode pt = points.addObject();
            pt.put("memory_mb", p.memoryMb());
            pt.put("mean_ms", round(p.meanMs()));
            pt.put("p99_ms", round(p.p99Ms()));
            pt.put("usd_per_million_records", round(p.usdPerMillionRecords()));
            pt.put("eligible", p.eligible());
        }
        Measurement m = r.measurement();
        ObjectNode meas = o.putObject("measurement");
        meas.put("source", m.source());
        meas.put("model", m.model());
        meas.put("cpu_ms_per_record", round(m.cpuMsPerRecord()));
        meas.put("records_per_invocation", m.recordsPerInvocation());
        meas.put("invocation_p50_ms", round(m.invocationP50Ms()));
        meas.put("invocation_p99_ms", round(m.invocationP99Ms()));
        meas.put("parse_map_us_per_record", round(m.parseMapUsPerRecord()));
        meas.put("predict_us_per_record", round(m.predictUsPerRecord()));
        meas.put("model_load_ms", round(m.modelLoadMs()));
        meas.put("invocations", m.invocations());
        meas.put("clock", m.clock());
        meas.put("machine", m.machine());
        Workload w = r.workload();
        ObjectNode work = o.putObject("workload");
        work.put("requests_per_month", Math.round(w.requestsPerMonth()));
        work.put("active_hours_per_month", round(w.activeHours()));
        work.put("avg_rps", round(w.avgRps()));
        work.put("peak_rps", round(w.peakRps()));
        work.put("memory_need_mb", round(w.memoryNeedMb()));
        ArrayNode costs = o.putArray("costs");
        for (CostLine c : r.costs()) {
            ObjectNode line = costs.addObject();
            line.put("option", c.option());
            line.put("mode", c.shared() ? null : c.mode().id());
            line.put("shared", c.shared());
            line.put("feasible", c.feasible());
            if (c.feasible()) {
                line.put("monthly_usd", round(c.monthlyUsd()));
                line.put("basis", c.basis());
                c.idleFraction().ifPresent(i -> line.put("idle_fraction", round(i)));
            } else {
                line.putNull("monthly_usd");
                line.put("reason", c.reason());
            }
        }
        o.put("template_snippet", r.templateSnippet());
        ArrayNode notes = o.putArray("notes");
        r.notes().forEach(notes::add);
        o.put("prices_retrieved", r.pricesRetrieved());
        o.put("prices_region", r.pricesRegion());
        return o;
    }

    public static ArrayNode of(List<Recommendation> all) {
        ArrayNode a = JSON.createArrayNode();
        all.forEach(r -> a.add(of(r)));
        return a;
    }

    private static double round(double d) {
        if (!Double.isFinite(d)) {
            return d;
        }
        double a = Math.abs(d);
        double scale = a >= 100 ? 100 : a >= 1 ? 1000 : 1_000_000;
        return Math.round(d * scale) / scale;
    }
}
