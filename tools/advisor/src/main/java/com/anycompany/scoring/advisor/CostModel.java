package com.anycompany.scoring.advisor;

import com.anycompany.scoring.advisor.ModelProfile.Accelerator;
import com.anycompany.scoring.advisor.ModelProfile.Criticality;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static com.anycompany.scoring.advisor.Needs.fmt;

/**
 * Estimated monthly cost of every option for one profile, at the prices in the {@link PriceBook}: Lambda (in the
 * profile's natural Lambda mode, on x86_64 and arm64) against SageMaker real-time, serverless, async and batch
 * transform. Each line carries its arithmetic ({@link CostLine#basis()}).
 *
 * <p>Lambda: invocations x memory (GB) x billed duration (s) x GB-second price + invocations x request price, plus the
 * SQS requests the event source makes (receive, delete) and the decisions it sends, or the Step Functions transitions
 * of a batch run. SageMaker real-time: instance-hours (at least one instance, two for high criticality, always on,
 * since a real-time endpoint cannot scale to zero; more during active hours and at peak, sized to run at the target
 * utilisation) x hourly price + data processed. Serverless: requests x memory x duration x its GB-second price.
 * Async: instance-hours while requests keep it up (it scales to zero after the scale-in period). Batch transform: per
 * run, one job per model (startup billed) plus the compute time of the run's records.
 */
public final class CostModel {
    private static final double KB_PER_GB = 1024.0 * 1024.0;
    private static final double RESPONSE_KB = 1;

    private final Limits limits;
    private final PriceBook prices;
    private final LambdaDurationModel durations;

    public CostModel(Limits limits, PriceBook prices) {
        this.limits = limits;
        this.prices = prices;
        this.durations = new LambdaDurationModel(limits.lambdaCpu());
    }

    public List<CostLine> all(ModelProfile p, Workload w, Measurement m, LambdaSizing s) {
        List<CostLine> lines = new ArrayList<>();
        List<String> impossible = Needs.lambdaImpossible(p, w, limits);
        for (String arch : List.of("x86_64", "arm64")) {
            String option = fmt("Lambda %s (%s, %s MB)", s.mode().label().substring("Lambda: ".length()), arch,
                    s.memoryMb());
            lines.add(impossible.isEmpty() ? lambda(option, arch, p, w, m, s)
                    : CostLine.notPossible("Lambda " + arch, s.mode(), String.join("; ", impossible)));
        }
        List<CostLine> online = new ArrayList<>(realtime(p, w));
        online.add(serverless(p, w, m));
        online.add(async(p, w));
        for (CostLine l : online) {
            lines.add(p.response().perRequest() || !l.feasible() ? l : new CostLine(l.option(), l.mode(), true,
                    l.monthlyUsd(), l.basis() + "; plus a driver that calls it once per record (not priced)", "",
                    l.idleFraction(), false));
        }
        lines.add(batchTransform(p, w));
        if (p.source() == ModelProfile.Source.SQS) {
            lines.add(queue(p, w));
        }
        return lines;
    }

    /**
     * The SQS requests of the queue the requests arrive on, whoever consumes it: receive and delete per batch of
     * {@code sqs_batch_size}, one request per 64 KB of the batch, and one SendMessageBatch of results per batch.
     * Producers' sends are not counted. A SageMaker endpoint cannot read a queue itself: it needs a consumer too.
     */
    CostLine queue(ModelProfile p, Workload w) {
        int batch = limits.policy().sqsBatchSize();
        double batches = w.requestsPerMonth() / batch;
        double chunks = Math.ceil(p.payloadKb() * batch / 64.0);
        double requests = batches * (chunks + 2);
        double usd = requests * prices.sqs().standardRequestPerMillion() / 1e6;
        return CostLine.sharedCost("SQS requests (any consumer of the queue)", usd, fmt("%s batches of %s x (%s"
                + " receive + 1 delete + 1 send of results) = %s requests x $%s per million; a SageMaker endpoint needs"
                + " a consumer (e.g. a Lambda relay) to read the queue, not priced here", batches, batch, chunks,
                requests, prices.sqs().standardRequestPerMillion()));
    }

    // ---- Lambda ----

    CostLine lambda(String option, String arch, ModelProfile p, Workload w, Measurement m, LambdaSizing s) {
        double gbs = prices.lambda().gbSecond(arch);
        double perRequest = prices.lambda().requestPerMillion() / 1e6;
        double gb = s.memoryMb() / 1024.0;
        double io = p.processing().ioMsPerInvocation();
        double sqsPrice = prices.sqs().standardRequestPerMillion() / 1e6;
        return switch (s.mode()) {
            case LAMBDA_SQS, LAMBDA_URL -> {
                double inv = w.requestsPerMonth() / s.recordsPerInvocation();
                double ms = LambdaDurationModel.billedMs(durations.durationMs(s.memoryMb(), arch,
                        m.cpuMsPerRecord() * s.recordsPerInvocation(), io));
                double gbSeconds = inv * gb * ms / 1000;
                double compute = gbSeconds * gbs;
                double requests = inv * perRequest;
                if (s.mode() == InferenceMode.LAMBDA_URL) {
                    yield CostLine.of(option, s.mode(), compute + requests, fmt("%s invocations x %s ms x %s GB = %s"
                                    + " GB-s ($%s) + requests ($%s); the Function URL is free", inv, ms, gb, gbSeconds,
                            compute, requests));
                }
                yield CostLine.of(option, s.mode(), compute + requests, fmt("%s invocations (batches of %s) x %s ms"
                                + " x %s GB = %s GB-s ($%s) + requests ($%s); the queue's SQS requests are listed"
                                + " apart", inv, s.recordsPerInvocation(), ms, gb, gbSeconds, compute, requests));
            }
            case LAMBDA_ASYNC_CALLBACK -> {
                double n = w.requestsPerMonth();
                double startMs = LambdaDurationModel.billedMs(durations.durationMs(s.memoryMb(), arch, 0, io));
                double callbackMs = LambdaDurationModel.billedMs(durations.durationMs(s.memoryMb(), arch,
                        m.cpuMsPerRecord(), io));
                double gbSeconds = n * gb * (startMs + callbackMs) / 1000;
                double compute = gbSeconds * gbs;
                double requests = 2 * n * perRequest;
                double sqsRequests = 3 * n;
                double sqs = sqsRequests * sqsPrice;
                yield CostLine.of(option, s.mode(), compute + requests + sqs, fmt("%s requests x (starter %s ms +"
                                + " callback %s ms) x %s GB = %s GB-s ($%s) + %s invocations ($%s) + %s SQS requests for"
                                + " completion notices ($%s); the %s s wait is not billed", n, startMs, callbackMs, gb,
                        gbSeconds, compute, 2 * n, requests, sqsRequests, sqs, w.externalWaitSeconds()));
            }
            case LAMBDA_STEP_FUNCTIONS_BATCH -> {
                double shardMs = LambdaDurationModel.billedMs(durations.durationMs(s.memoryMb(), arch,
                        m.modelLoadMs() + m.cpuMsPerRecord() * s.recordsPerInvocation(), io));
                double inv = s.invocationsPerMonth();
                double gbSeconds = inv * gb * shardMs / 1000;
                double compute = gbSeconds * gbs;
                double requests = inv * perRequest;
                double transitions = p.traffic().runsPerMonth() * (limits.policy().sfnTransitionsPerRun()
                        + (double) limits.policy().sfnTransitionsPerShard() * s.shardsPerRun());
                double sfn = transitions * prices.stepFunctions().standardTransitionPerThousand() / 1000;
                yield CostLine.of(option, s.mode(), compute + requests + sfn, fmt("%s shards of %s records x %s ms x"
                                + " %s GB = %s GB-s ($%s) + requests ($%s) + %s state transitions ($%s)", inv,
                        s.recordsPerInvocation(), shardMs, gb, gbSeconds, compute, requests, transitions, sfn));
            }
            default -> throw new IllegalArgumentException("not a Lambda mode: " + s.mode());
        };
    }

    // ---- SageMaker ----

    /** The cheapest instance types that fit: one for a CPU model, the cheapest of each accelerator kind otherwise. */
    List<Map.Entry<String, PriceBook.Instance>> instances(ModelProfile p, Workload w) {
        List<Map.Entry<String, PriceBook.Instance>> fitting = prices.sagemaker().instances().entrySet().stream()
                .filter(e -> p.accelerator().acceptsInstance(e.getValue().accelerator()))
                .filter(e -> fits(p, w, e.getValue()))
                .sorted(Comparator.comparingDouble(e -> e.getValue().hourly()))
                .toList();
        if (p.accelerator() != Accelerator.GPU_OR_INFERENTIA) {
            return fitting.isEmpty() ? List.of() : List.of(fitting.get(0));
        }
        List<Map.Entry<String, PriceBook.Instance>> out = new ArrayList<>();
        for (String kind : List.of("gpu", "inferentia")) {
            fitting.stream().filter(e -> e.getValue().accelerator().equals(kind)).findFirst().ifPresent(out::add);
        }
        return out;
    }

    private boolean fits(ModelProfile p, Workload w, PriceBook.Instance i) {
        if (p.accelerator().needed()) {
            return i.acceleratorMemoryGb() > 0
                    && i.acceleratorMemoryGb() * 1024 >= p.model().sizeMb() * limits.policy().acceleratorMemoryFactor();
        }
        return i.memoryGb() * 1024 >= w.memoryNeedMb();
    }

    /** Instances needed at the profile's peak rate on this instance type, at the target utilisation. */
    public int peakInstances(ModelProfile p, Workload w, PriceBook.Instance i) {
        return instancesFor(w.peakRps(), w.serviceSeconds(), concurrency(p, i));
    }

    /** Requests one instance of this type serves at once. */
    public int concurrency(ModelProfile p, PriceBook.Instance i) {
        return p.processing().concurrencyPerInstance().orElse(p.accelerator().needed() ? 1 : i.vcpu());
    }

    private int instancesFor(double rps, double seconds, int concurrency) {
        return (int) Math.ceil(rps * seconds / (concurrency * limits.policy().sagemakerTargetUtilisation()) - 1e-9);
    }

    private double dataUsd(Workload w) {
        return w.requestsPerMonth() * (w.payloadKb() + RESPONSE_KB) / KB_PER_GB * prices.sagemaker().dataProcessedPerGb();
    }

    List<CostLine> realtime(ModelProfile p, Workload w) {
        Limits.Aws aws = limits.aws();
        if (p.payloadKb() > aws.sagemakerRealtimePayloadKb()) {
            return List.of(CostLine.notPossible("SageMaker real-time", InferenceMode.SAGEMAKER_REALTIME,
                    fmt("payload %s KB > its %s KB limit", p.payloadKb(), aws.sagemakerRealtimePayloadKb())));
        }
        if (w.serviceSeconds() > aws.sagemakerRealtimeTimeoutS()) {
            return List.of(CostLine.notPossible("SageMaker real-time", InferenceMode.SAGEMAKER_REALTIME,
                    fmt("a request takes %s s > its %s s invocation timeout", w.serviceSeconds(),
                            aws.sagemakerRealtimeTimeoutS())));
        }
        List<Map.Entry<String, PriceBook.Instance>> types = instances(p, w);
        if (types.isEmpty()) {
            return List.of(CostLine.notPossible("SageMaker real-time", InferenceMode.SAGEMAKER_REALTIME,
                    "no instance type in the price book fits the model"));
        }
        List<CostLine> lines = new ArrayList<>();
        for (Map.Entry<String, PriceBook.Instance> e : types) {
            lines.add(realtime(p, w, e.getKey(), e.getValue()));
        }
        return lines;
    }

    /** The cheapest instance type that fits the model, with the requests one instance serves at once. */
    private record Fit(String type, PriceBook.Instance instance, int concurrency) {
    }

    /** The cheapest fitting instance type ({@link #instances} is cheapest first), or null when none fits. */
    private Fit cheapestFit(ModelProfile p, Workload w) {
        List<Map.Entry<String, PriceBook.Instance>> types = instances(p, w);
        if (types.isEmpty()) {
            return null;
        }
        PriceBook.Instance i = types.get(0).getValue();
        return new Fit(types.get(0).getKey(), i, concurrency(p, i));
    }

    CostLine realtime(ModelProfile p, Workload w, String type, PriceBook.Instance i) {
        int c = concurrency(p, i);
        int min = p.criticality() == Criticality.HIGH ? limits.policy().highCriticalityMinInstances() : 1;
        int base = Math.max(min, instancesFor(w.avgRps(), w.serviceSeconds(), c));
        int peak = Math.max(base, instancesFor(w.peakRps(), w.serviceSeconds(), c));
        double hours = min * Workload.HOURS_PER_MONTH + (base - min) * w.activeHours()
                + (peak - base) * w.peakHoursPerMonth();
        double instances = hours * i.hourly();
        double data = dataUsd(w);
        double idle = idle(w, hours, c);
        return CostLine.instances("SageMaker real-time " + type, InferenceMode.SAGEMAKER_REALTIME, instances + data,
                fmt("%s instance-hours (min %s always on, %s while active, %s at peak) x $%s ($%s) + data processed"
                        + " ($%s); busy %s%%", hours, min, base, peak, i.hourly(), instances, data,
                        (1 - idle) * 100), idle);
    }

    private static double idle(Workload w, double hours, int concurrency) {
        double busy = w.requestsPerMonth() * w.serviceSeconds() / (hours * 3600 * concurrency);
        return Math.max(0, 1 - busy);
    }

    CostLine serverless(ModelProfile p, Workload w, Measurement m) {
        String option = "SageMaker serverless";
        Limits.Aws aws = limits.aws();
        InferenceMode mode = InferenceMode.SAGEMAKER_SERVERLESS;
        if (p.accelerator().needed()) {
            return CostLine.notPossible(option, mode, "no GPU or Inferentia on serverless endpoints");
        }
        if (w.memoryNeedMb() > aws.sagemakerServerlessMaxMemoryMb()) {
            return CostLine.notPossible(option, mode, fmt("needs %s MB > its %s MB", w.memoryNeedMb(),
                    aws.sagemakerServerlessMaxMemoryMb()));
        }
        if (p.payloadKb() > aws.sagemakerServerlessPayloadKb()) {
            return CostLine.notPossible(option, mode, fmt("payload %s KB > its %s KB limit", p.payloadKb(),
                    aws.sagemakerServerlessPayloadKb()));
        }
        if (w.serviceSeconds() > aws.sagemakerServerlessTimeoutS()) {
            return CostLine.notPossible(option, mode, fmt("a request takes %s s > its %s s timeout",
                    w.serviceSeconds(), aws.sagemakerServerlessTimeoutS()));
        }
        double peakConcurrency = w.peakRps() * w.serviceSeconds();
        if (peakConcurrency > aws.sagemakerServerlessMaxConcurrency()) {
            return CostLine.notPossible(option, mode, fmt("peak concurrency %s > its %s per endpoint",
                    peakConcurrency, aws.sagemakerServerlessMaxConcurrency()));
        }
        int memory = (int) Math.max(1024, Math.ceil(w.memoryNeedMb() / 1024) * 1024);
        double ms = LambdaDurationModel.billedMs(durations.durationMs(memory, "x86_64", m.cpuMsPerRecord(),
                w.externalWaitSeconds() * 1000));
        double gbSeconds = w.requestsPerMonth() * memory / 1024.0 * ms / 1000;
        double compute = gbSeconds * prices.sagemaker().serverlessPerGbSecond();
        double data = dataUsd(w);
        return CostLine.of(option + " " + memory + " MB", mode, compute + data, fmt("%s requests x %s ms x %s GB = %s"
                + " GB-s x $%s ($%s) + data processed ($%s); cold starts of seconds after idle", w.requestsPerMonth(),
                ms, memory / 1024, gbSeconds, prices.sagemaker().serverlessPerGbSecond(), compute, data));
    }

    CostLine async(ModelProfile p, Workload w) {
        String option = "SageMaker async";
        InferenceMode mode = InferenceMode.SAGEMAKER_ASYNC;
        Limits.Aws aws = limits.aws();
        if (p.response().callerWaits()) {
            return CostLine.notPossible(option, mode, "the caller waits; an async endpoint answers later through S3"
                    + " and SNS");
        }
        if (p.payloadKb() > aws.sagemakerAsyncPayloadKb() || w.serviceSeconds() > aws.sagemakerAsyncTimeoutS()) {
            return CostLine.notPossible(option, mode, fmt("beyond its limits (%s KB payload, %s s per request)",
                    aws.sagemakerAsyncPayloadKb(), aws.sagemakerAsyncTimeoutS()));
        }
        Fit fit = cheapestFit(p, w);
        if (fit == null) {
            return CostLine.notPossible(option, mode, "no instance type in the price book fits the model");
        }
        int c = fit.concurrency();
        double scaleInS = limits.policy().asyncScaleInMinutes() * 60;
        double gap = w.avgRps() > 0 ? 1 / w.avgRps() : Double.POSITIVE_INFINITY;
        double hours;
        String how;
        if (gap < scaleInS) {
            int base = Math.max(1, instancesFor(w.avgRps(), w.serviceSeconds(), c));
            int peak = Math.max(base, instancesFor(w.peakRps(), w.serviceSeconds(), c));
            hours = base * w.activeHours() + (peak - base) * w.peakHoursPerMonth();
            how = fmt("a request every %s s keeps %s up through the %s active hours, %s at peak", gap, base,
                    w.activeHours(), peak);
        } else {
            hours = w.requestsPerMonth() * (w.serviceSeconds() / c + scaleInS) / 3600;
            how = fmt("requests %s s apart: each wakes an instance that stays %s min", gap, scaleInS / 60);
        }
        double instances = hours * fit.instance().hourly();
        double data = dataUsd(w);
        return CostLine.instances(option + " " + fit.type(), mode, instances + data, fmt("%s instance-hours (%s) x $%s ($%s)"
                + " + data processed ($%s)", hours, how, fit.instance().hourly(), instances, data), idle(w, hours, c));
    }

    CostLine batchTransform(ModelProfile p, Workload w) {
        String option = "SageMaker batch transform";
        InferenceMode mode = InferenceMode.SAGEMAKER_BATCH_TRANSFORM;
        if (p.response().perRequest()) {
            return CostLine.notPossible(option, mode, "answers a whole file per job, not each request as it arrives");
        }
        if (p.payloadKb() > limits.aws().sagemakerBatchRecordKb()) {
            return CostLine.notPossible(option, mode, fmt("record %s KB > its %s KB limit", p.payloadKb(),
                    limits.aws().sagemakerBatchRecordKb()));
        }
        Fit fit = cheapestFit(p, w);
        if (fit == null) {
            return CostLine.notPossible(option, mode, "no instance type in the price book fits the model");
        }
        int c = fit.concurrency();
        int runs = p.traffic().runsPerMonth();
        double perRun = w.requestsPerMonth() / runs;
        int jobs = p.model().count();
        double startupHours = jobs * limits.policy().batchTransformStartupMinutes() / 60;
        double computeHours = perRun * w.serviceSeconds() / c / 3600;
        double hours = runs * (startupHours + computeHours);
        double usd = hours * fit.instance().hourly();
        double idle = 1 - computeHours / (startupHours + computeHours);
        return CostLine.instances(option + " " + fit.type(), mode, usd, fmt("%s run(s) x (%s job(s) x %s min startup + %s"
                        + " records x %s ms / %s workers) = %s instance-hours x $%s", runs, jobs,
                limits.policy().batchTransformStartupMinutes(), perRun, w.serviceSeconds() * 1000, c, hours,
                fit.instance().hourly()), idle);
    }

    /** The cheapest feasible line of a mode, if any. */
    public static Optional<CostLine> cheapest(List<CostLine> lines, InferenceMode mode) {
        return lines.stream().filter(l -> l.feasible() && !l.shared() && l.mode() == mode)
                .min(Comparator.comparingDouble(CostLine::monthlyUsd));
    }

    /**
     * The cheapest feasible SageMaker line whose shape fits the profile: batch transform for work without a response
     * per request, the online endpoints (real-time, serverless, async) otherwise.
     */
    public static Optional<CostLine> cheapestSageMaker(ModelProfile p, List<CostLine> lines) {
        return lines.stream().filter(l -> l.feasible() && !l.shared() && !l.mode().lambda())
                .filter(l -> (l.mode() == InferenceMode.SAGEMAKER_BATCH_TRANSFORM) != p.response().perRequest())
                .min(Comparator.comparingDouble(CostLine::monthlyUsd));
    }

    /** The cheapest feasible Lambda line (x86_64 or arm64), if any. */
    public static Optional<CostLine> cheapestLambda(List<CostLine> lines) {
        return lines.stream().filter(l -> l.feasible() && !l.shared() && l.mode().lambda())
                .min(Comparator.comparingDouble(CostLine::monthlyUsd));
    }
}
