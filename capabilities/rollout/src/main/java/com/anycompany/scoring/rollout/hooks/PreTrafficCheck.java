package com.anycompany.scoring.rollout.hooks;

import com.anycompany.scoring.model.ModelCard;
import com.anycompany.scoring.model.ModelRef;
import com.anycompany.scoring.model.ModelStore;
import com.anycompany.scoring.rollout.AliasStore;
import com.anycompany.scoring.rollout.GoldenGate;
import com.anycompany.scoring.rollout.GoldenSet;
import com.anycompany.scoring.rollout.GoldenStore;
import com.anycompany.scoring.rollout.ModelAliases;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The pre-traffic gate: for each model version the new function version will serve (the pinned version, or the
 * registry's champion, challenger and per-client versions), sends its golden set to the new function version,
 * decides with {@link GoldenGate} (the card's tolerance, no errors, p99 within budget) and reports Succeeded or
 * Failed to CodeDeploy, with the reason logged. Any failure to check is a Failed: traffic never shifts unchecked.
 */
public final class PreTrafficCheck {
    private static final Logger LOG = LoggerFactory.getLogger(PreTrafficCheck.class);

    public record Outcome(String status, String reason, List<GoldenGate.Verdict> verdicts) {
    }

    private final ModelStore models;
    private final GoldenStore goldens;
    private final AliasStore aliases;
    private final GoldenProbe probe;
    private final LifecycleStatusReporter reporter;
    private final double p99BudgetMillis;

    public PreTrafficCheck(ModelStore models, GoldenStore goldens, AliasStore aliases, GoldenProbe probe,
                           LifecycleStatusReporter reporter, double p99BudgetMillis) {
        this.models = models;
        this.goldens = goldens;
        this.aliases = aliases;
        this.probe = probe;
        this.reporter = reporter;
        this.p99BudgetMillis = p99BudgetMillis;
    }

    /** @param version a version, or "champion" to check every version the registry routes to */
    public Outcome run(String deploymentId, String executionId, String model, String version) {
        Outcome outcome;
        try {
            outcome = check(model, version);
        } catch (RuntimeException e) {
            outcome = new Outcome("Failed", "the golden-set check could not run: " + e.getMessage(), List.of());
        }
        if ("Succeeded".equals(outcome.status())) {
            LOG.info("pre-traffic gate for deployment {}: Succeeded: {}", deploymentId, outcome.reason());
        } else {
            LOG.error("pre-traffic gate for deployment {}: Failed: {}", deploymentId, outcome.reason());
        }
        reporter.report(deploymentId, executionId, outcome.status());
        return outcome;
    }

    public Outcome check(String model, String version) {
        List<GoldenGate.Verdict> verdicts = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        boolean passed = true;
        for (String v : versionsToCheck(model, version)) {
            ModelRef ref = ModelRef.of(model, v);
            ModelCard card = models.fetch(ref).card();
            GoldenSet golden = goldens.get(ref);
            GoldenGate.Verdict verdict = GoldenGate.forCard(card, p99BudgetMillis).decide(golden,
                    probe.probe(golden, v));
            verdicts.add(verdict);
            reasons.add(ref + ": " + verdict.reason());
            passed &= verdict.passed();
        }
        return new Outcome(passed ? "Succeeded" : "Failed", String.join("; ", reasons), verdicts);
    }

    public Set<String> versionsToCheck(String model, String version) {
        if (!"champion".equals(version)) {
            return Set.of(version);
        }
        ModelAliases a = aliases.read(model).map(AliasStore.Versioned::aliases).orElseThrow(() ->
                new IllegalStateException("the function serves the registry's champion but " + aliases.uri(model)
                        + " does not exist"));
        Set<String> out = new LinkedHashSet<>();
        out.add(a.champion());
        Optional.ofNullable(a.challenger()).ifPresent(c -> out.add(c.version()));
        out.addAll(a.clients().values());
        return out;
    }
}
