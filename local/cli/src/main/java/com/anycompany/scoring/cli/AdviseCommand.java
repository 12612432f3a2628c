package com.anycompany.scoring.cli;

import com.anycompany.scoring.records.Json;
import com.anycompany.scoring.advisor.Advisor;
import com.anycompany.scoring.advisor.CostLine;
import com.anycompany.scoring.advisor.CostModel;
import com.anycompany.scoring.advisor.CpuMeter;
import com.anycompany.scoring.advisor.InferenceMode;
import com.anycompany.scoring.advisor.LambdaSizing;
import com.anycompany.scoring.advisor.Measurement;
import com.anycompany.scoring.advisor.ModelProfile;
import com.anycompany.scoring.advisor.Recommendation;
import com.anycompany.scoring.advisor.RecommendationJson;
import com.anycompany.scoring.advisor.Workload;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;

import static com.anycompany.scoring.advisor.Needs.num;

@Command(name = "advise", mixinStandardHelpOptions = true,
        description = {"Recommends where and how a model runs (Lambda: SQS event-driven, synchronous URL, async callback,"
                + " Step Functions batch; SageMaker: real-time, serverless, async, batch transform), the deployment"
                + " strategy, memory size and reserved concurrency, from a model profile and the model's CPU time"
                + " measured here with the java engine; prints a monthly cost table at the published prices and the"
                + " template.yaml snippet.",
                "Several --profile files, or a directory of them, print one comparison table (add --details for each"
                        + " full report)."})
public final class AdviseCommand implements Callable<Integer> {
    @Option(names = "--profile", required = true, paramLabel = "FILE_OR_DIR",
            description = "model-profile.yaml, or a directory of *.yaml profiles (repeatable)")
    List<Path> profiles;

    @Option(names = "--json", description = "print the recommendation(s) as JSON")
    boolean json;

    @Option(names = "--details", description = "with several profiles: print each full report after the table")
    boolean details;

    @Option(names = "--warmup-ms", defaultValue = "1500", description = "JIT warm-up before measuring (default 1500)")
    long warmupMs;

    @Option(names = "--measure-ms", defaultValue = "2000",
            description = "CPU time spent measuring each model (default 2000)")
    long measureMs;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (warmupMs < 0 || measureMs < 1) {
            throw new IllegalArgumentException("--warmup-ms must be >= 0 and --measure-ms >= 1");
        }
        List<ProfileFiles.Loaded> loaded = ProfileFiles.load(profiles);
        Advisor advisor = Advisor.standard();
        CpuMeter meter = new CpuMeter(warmupMs, measureMs);
        List<Recommendation> recs = new ArrayList<>();
        for (ProfileFiles.Loaded l : loaded) {
            ModelProfile p = l.profile();
            Path base = Optional.ofNullable(l.file().toAbsolutePath().getParent()).orElse(Path.of("."));
            Measurement m = meter.measure(p, base, advisor.recordsPerInvocation(p));
            recs.add(advisor.advise(p, m));
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.PRETTY.writeValueAsString(recs.size() == 1 ? RecommendationJson.of(recs.get(0))
                    : RecommendationJson.of(recs)));
        } else if (recs.size() == 1) {
            report(out, recs.get(0));
        } else {
            comparison(out, recs);
            if (details) {
                for (Recommendation r : recs) {
                    out.println();
                    report(out, r);
                }
            }
        }
        out.flush();
        return 0;
    }

    static void comparison(PrintWriter out, List<Recommendation> recs) {
        out.println("| Profile | Recommended mode | Rule | Deployment strategy | Memory | Reserved concurrency"
                + " | CPU per record (measured) | Lambda $/month | Cheapest fitting SageMaker $/month |");
        out.println("|---|---|---|---|---|---|---|---|---|");
        for (Recommendation r : recs) {
            boolean lambdaMode = r.mode().mode().lambda();
            Optional<CostLine> lambda = CostModel.cheapestLambda(r.costs());
            Optional<CostLine> sm = CostModel.cheapestSageMaker(r.profile(), r.costs());
            out.printf("| %s | %s | `%s` | %s (`%s`) | %s | %s | %s | %s | %s |%n", r.profile().name(),
                    r.mode().mode().label(), r.mode().rule(), r.strategy().strategy().label(), r.strategy().rule(),
                    lambdaMode ? r.lambda().memoryMb() + " MB " + r.architecture() : "n/a (SageMaker)",
                    lambdaMode ? String.valueOf(r.lambda().reservedConcurrency()) : "n/a",
                    cpu(r.measurement()),
                    lambda.map(c -> "$" + money(c.monthlyUsd())).orElse("not possible"),
                    sm.map(c -> "$" + money(c.monthlyUsd()) + " (" + c.option().replace("SageMaker ", "") + ")")
                            .orElse("not possible"));
        }
    }

    private static String cpu(Measurement m) {
        return m.measured() ? num(m.cpuMsPerRecord() * 1000) + " us" : num(m.cpuMsPerRecord() / 1000) + " s (given)";
    }

    static String money(double usd) {
        return usd >= 100 ? String.format(Locale.ROOT, "%,.0f", usd) : String.format(Locale.ROOT, "%,.2f", usd);
    }

    static void report(PrintWriter out, Recommendation r) {
        ModelProfile p = r.profile();
        Workload w = r.workload();
        Measurement m = r.measurement();
        LambdaSizing l = r.lambda();
        out.println(p.name() + (p.description().isEmpty() ? "" : ": " + p.description()));
        out.printf("  traffic      %s requests/month, %s/s average over %s active hours (%s), %s/s at peak (x%s)%n",
                num(w.requestsPerMonth()), num(w.avgRps()), num(w.activeHours()), p.traffic().hours().label(),
                num(w.peakRps()), num(p.traffic().peakFactor()));
        if (m.measured()) {
            out.printf("  measured     %s: %s us per record (parse+map %s us, predict %s us = %sx the parse"
                            + " baseline); %s record(s) per invocation: p50 %s ms, p99 %s ms; model load %s ms"
                            + " [%s, %s, %,d invocations]%n", m.model(), num(m.cpuMsPerRecord() * 1000),
                    num(m.parseMapUsPerRecord()), num(m.predictUsPerRecord()), num(m.predictToParseRatio()),
                    m.recordsPerInvocation(), num(m.invocationP50Ms()), num(m.invocationP99Ms()), num(m.modelLoadMs()),
                    m.clock(), m.machine(), m.invocations());
        } else {
            out.printf("  not measured %s: %s s per request%n", m.model(), num(m.cpuMsPerRecord() / 1000));
        }
        out.println();
        out.println("Recommendation");
        out.printf("  mode         %s   [rule: %s]%n", r.mode().mode().label(), r.mode().rule());
        wrap(out, r.mode().explanation());
        out.printf("  strategy     %s   [rule: %s]%n", r.strategy().strategy().label(), r.strategy().rule());
        wrap(out, r.strategy().explanation());
        if (r.mode().mode().lambda()) {
            String unit = l.mode() == InferenceMode.LAMBDA_STEP_FUNCTIONS_BATCH ? "shard of " + num(l.recordsPerInvocation())
                    + " records" : l.recordsPerInvocation() > 1 ? "batch of " + l.recordsPerInvocation() + " records"
                    : "invocation";
            out.printf("  memory       %s MB, %s: estimated mean %s ms, p99 %s ms per %s%n", l.memoryMb(),
                    r.architecture(), num(l.meanMs()), num(l.p99Ms()), unit);
            wrap(out, l.memoryRule());
            if (l.mode() == InferenceMode.LAMBDA_STEP_FUNCTIONS_BATCH) {
                out.printf("  concurrency  reserved %d = shards run at once (%s shards a run)%n",
                        l.reservedConcurrency(), num(l.shardsPerRun()));
            } else {
                var policy = Advisor.standard().limits().policy();
                out.printf("  concurrency  reserved %d = max(%d, peak %s invocations/s x p99 %s ms x headroom %s)%n",
                        l.reservedConcurrency(), policy.minReservedConcurrency(),
                        num(w.peakRps() / l.recordsPerInvocation()), num(l.p99Ms()),
                        num(policy.reservedConcurrencyHeadroom()));
            }
            out.printf("  timeout      %d s%n", l.timeoutSeconds());
        } else {
            out.println("  memory       not Lambda: see the SageMaker lines in the cost table");
        }
        if (!l.points().isEmpty() && m.measured()) {
            out.println();
            out.printf("Estimated Lambda duration by memory size (%s, x86_64; 1,769 MB = 1 vCPU)%n",
                    l.mode() == InferenceMode.LAMBDA_STEP_FUNCTIONS_BATCH ? "one shard" : l.recordsPerInvocation()
                            + " record(s) per invocation");
            out.println("  memory MB   records/inv    mean ms     p99 ms   $ per 1M records   holds model");
            for (LambdaSizing.Point pt : l.points()) {
                out.printf("  %9d   %11s   %8s   %8s   %16s   %s%s%n", pt.memoryMb(), num(pt.recordsPerInvocation()),
                        num(pt.meanMs()), num(pt.p99Ms()), num(pt.usdPerMillionRecords()), pt.eligible() ? "yes" : "no",
                        pt.memoryMb() == l.memoryMb() && r.mode().mode().lambda() ? "   <- chosen" : "");
            }
        }
        out.println();
        out.printf("Monthly cost, average month (%s on-demand prices of %s)%n", r.pricesRegion(), r.pricesRetrieved());
        int width = r.costs().stream().mapToInt(c -> c.option().length()).max().orElse(20);
        for (CostLine c : r.costs()) {
            String usd = c.feasible() ? "$" + money(c.monthlyUsd()) : "not possible";
            out.printf("  %-" + width + "s  %12s  %s%n", c.option(), usd, (c.shared() ? "[every option] " : "")
                    + (c.feasible() ? c.basis() : c.reason()));
        }
        out.println();
        out.println("Notes");
        for (String n : r.notes()) {
            out.println("  - " + n);
        }
        out.println();
        out.println("template.yaml snippet");
        out.print(r.templateSnippet());
    }

    private static void wrap(PrintWriter out, String text) {
        StringBuilder line = new StringBuilder("               ");
        for (String word : text.split(" ")) {
            if (line.length() + word.length() > 118 && line.length() > 15) {
                out.println(line.toString().stripTrailing());
                line = new StringBuilder("               ");
            }
            line.append(word).append(' ');
        }
        out.println(line.toString().stripTrailing());
    }
}
