package com.anycompany.scoring.advisor;

import java.util.ArrayList;
import java.util.List;

import static com.anycompany.scoring.advisor.Needs.fmt;

/**
 * Turns a profile and its measured CPU cost into a recommendation: workload numbers, the Lambda sizing in the
 * profile's natural Lambda mode, the cost of every option, then the mode and strategy tables, then the template
 * snippet.
 */
public final class Advisor {
    private final Limits limits;
    private final PriceBook prices;
    private final List<ModeRule> modeRules;
    private final List<StrategyRules.Rule> strategyRules;

    public Advisor(Limits limits, PriceBook prices) {
        this(limits, prices, ModeRules.DEFAULT, StrategyRules.DEFAULT);
    }

    public Advisor(Limits limits, PriceBook prices, List<ModeRule> modeRules, List<StrategyRules.Rule> strategyRules) {
        this.limits = limits;
        this.prices = prices;
        this.modeRules = modeRules;
        this.strategyRules = strategyRules;
    }

    public static Advisor standard() {
        return new Advisor(Limits.defaults(), PriceBook.usEast1());
    }

    public Limits limits() {
        return limits;
    }

    public PriceBook prices() {
        return prices;
    }

    /** Records per measured invocation for this profile: the SQS batch size for queue sources, else 1. */
    public int recordsPerInvocation(ModelProfile p) {
        return p.source() == ModelProfile.Source.SQS ? limits.policy().sqsBatchSize() : 1;
    }

    public Facts facts(ModelProfile p, Measurement m) {
        Workload w = Workload.of(p, m, limits);
        InferenceMode lambdaMode = Needs.naturalLambdaMode(p, w, limits);
        LambdaSizing sizing = new LambdaSizer(limits, prices).size(p, w, m, lambdaMode);
        List<CostLine> costs = new CostModel(limits, prices).all(p, w, m, sizing);
        return new Facts(p, m, w, sizing, costs, limits);
    }

    public Recommendation advise(ModelProfile p, Measurement m) {
        Facts f = facts(p, m);
        ModeDecision mode = ModeRules.decide(f, modeRules);
        StrategyDecision strategy = StrategyRules.decide(f, strategyRules);
        String arch = CostModel.cheapestLambda(f.costs()).map(l -> l.option().contains("arm64") ? "arm64" : "x86_64")
                .orElse("x86_64");
        String snippet = TemplateSnippets.render(f, mode, strategy, arch, prices);
        return new Recommendation(p, m, f.workload(), mode, strategy, f.lambda(), arch, f.costs(), snippet,
                notes(f, mode), prices.retrieved(), prices.region());
    }

    private List<String> notes(Facts f, ModeDecision mode) {
        List<String> notes = new ArrayList<>();
        Measurement m = f.measurement();
        if (m.measured()) {
            notes.add(fmt("CPU time measured here (%s, %s) with the java engine: %s us per record (%s us parsing and"
                            + " mapping, %s us predicting: %sx the parse baseline); scaled to Lambda as 1 vCPU at %s MB,"
                            + " proportionally less below.", m.machine(), m.clock(), m.cpuMsPerRecord() * 1000,
                    m.parseMapUsPerRecord(), m.predictUsPerRecord(), m.predictToParseRatio(),
                    limits.lambdaCpu().fullVcpuMemoryMb()));
        } else {
            notes.add(fmt("Not measured: %s (%s s per request).", m.model(), m.cpuMsPerRecord() / 1000));
        }
        if (!f.lambda().latencyMet() && f.lambdaImpossible().isEmpty()) {
            notes.add("No Lambda memory size meets the p99 need: " + f.lambda().memoryRule());
        }
        if (mode.mode().lambda()) {
            notes.add("arm64 is priced 20% lower and assumed as fast per vCPU as x86_64 for this engine; measure on"
                    + " Graviton before relying on it.");
        }
        notes.add("Costs are an average month at " + prices.region() + " on-demand list prices of " + prices.retrieved()
                + " (advisor/prices-" + prices.region() + ".json), without free tiers, savings plans or storage.");
        return notes;
    }
}
