package com.anycompany.scoring.advisor;

import com.anycompany.scoring.advisor.ModelProfile.Source;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The checks several rules share: why a profile needs async, why it cannot run on Lambda. */
public final class Needs {
    private Needs() {
    }

    /** Reasons a request cannot be served synchronously on its natural path; empty when it can. */
    public static List<String> async(ModelProfile p, Workload w, Limits limits) {
        List<String> reasons = new ArrayList<>();
        Limits.Aws aws = limits.aws();
        if (p.source() == Source.SQS && p.payloadKb() > aws.sqsMaxMessageKb()) {
            reasons.add(fmt("payload %s KB > SQS's %s KB message limit", p.payloadKb(), aws.sqsMaxMessageKb()));
        }
        if ((p.response().callerWaits() || p.source() == Source.HTTP) && p.payloadKb() > aws.lambdaSyncPayloadKb()) {
            reasons.add(fmt("payload %s KB > Lambda's %s KB synchronous invocation limit", p.payloadKb(),
                    aws.lambdaSyncPayloadKb()));
        }
        if (w.serviceSeconds() > limits.policy().longProcessingSeconds()) {
            reasons.add(fmt("processing %s s per request (%s s of it waiting on another service) > %s s, the longest"
                            + " a synchronous AWS integration waits (API Gateway)", w.serviceSeconds(),
                    w.externalWaitSeconds(), limits.policy().longProcessingSeconds()));
        } else if (p.response().callerWaits() && p.latencyP99Ms().isPresent()
                && w.serviceSeconds() * 1000 > p.latencyP99Ms().get()) {
            reasons.add(fmt("processing %s s per request > the caller's p99 budget of %s ms", w.serviceSeconds(),
                    p.latencyP99Ms().get()));
        }
        return reasons;
    }

    /** Reasons the model cannot run on Lambda at all; empty when it can. */
    public static List<String> lambdaImpossible(ModelProfile p, Workload w, Limits limits) {
        List<String> reasons = new ArrayList<>();
        Limits.Aws aws = limits.aws();
        if (p.accelerator().needed()) {
            reasons.add("it needs " + p.accelerator().describe() + " and Lambda has no GPU or Inferentia");
        }
        if (w.memoryNeedMb() > aws.lambdaMaxMemoryMb()) {
            reasons.add(fmt("it needs about %s MB of memory (JVM %s MB + model %s MB x %s) and Lambda has at most %s MB",
                    w.memoryNeedMb(), limits.policy().jvmBaseMb(), p.model().sizeMb(),
                    limits.policy().modelMemoryFactor(), aws.lambdaMaxMemoryMb()));
        } else if (p.model().sizeMb() > aws.lambdaMaxImageMb()) {
            reasons.add(fmt("its artifact (%s MB) exceeds Lambda's %s MB container image", p.model().sizeMb(),
                    aws.lambdaMaxImageMb()));
        }
        if (w.computeSeconds() > aws.lambdaMaxTimeoutS()) {
            reasons.add(fmt("one request needs %s s of CPU and Lambda stops an invocation at %s s",
                    w.computeSeconds(), aws.lambdaMaxTimeoutS()));
        }
        return reasons;
    }

    /** The Lambda mode that fits the profile's shape, whatever the costs. */
    public static InferenceMode naturalLambdaMode(ModelProfile p, Workload w, Limits limits) {
        if (!p.response().perRequest()) {
            return InferenceMode.LAMBDA_STEP_FUNCTIONS_BATCH;
        }
        if (!async(p, w, limits).isEmpty()) {
            return InferenceMode.LAMBDA_ASYNC_CALLBACK;
        }
        if (p.source() == Source.SQS) {
            return InferenceMode.LAMBDA_SQS;
        }
        if (p.response().callerWaits() || p.source() == Source.HTTP) {
            return InferenceMode.LAMBDA_URL;
        }
        return InferenceMode.LAMBDA_ASYNC_CALLBACK;
    }

    /** Formats numbers for explanations: thousands separators, at most 3 significant decimals. */
    public static String fmt(String pattern, Object... args) {
        String p = pattern.replace("%d", "%s");
        Object[] shown = new Object[args.length];
        int from = 0;
        for (int i = 0; i < args.length; i++) {
            int at = p.indexOf("%s", from);
            boolean money = at > 0 && p.charAt(at - 1) == '$';
            from = at < 0 ? p.length() : at + 2;
            shown[i] = args[i] instanceof Number n ? (money ? usd(n.doubleValue()) : num(n.doubleValue())) : args[i];
        }
        return String.format(Locale.ROOT, p, shown);
    }

    /** Dollars: cents below $100, whole dollars with separators above. */
    public static String usd(double d) {
        if (Double.isNaN(d)) {
            return "n/a";
        }
        double a = Math.abs(d);
        if (a >= 100) {
            return String.format(Locale.ROOT, "%,.0f", d);
        }
        if (a > 0 && a < 1 && Math.abs(d * 100 - Math.rint(d * 100)) > 1e-9) {
            // a unit price such as $0.115 an hour or $0.00002 a GB-second: keep its digits
            return new java.math.BigDecimal(d).round(new java.math.MathContext(4)).stripTrailingZeros().toPlainString();
        }
        return String.format(Locale.ROOT, "%,.2f", d);
    }

    public static String num(double d) {
        if (Double.isNaN(d)) {
            return "n/a";
        }
        double a = Math.abs(d);
        if (a >= 1000 || d == Math.rint(d) && a < 1e15) {
            return String.format(Locale.ROOT, "%,.0f", d);
        }
        if (a >= 10) {
            return String.format(Locale.ROOT, "%.1f", d);
        }
        if (a >= 0.1) {
            return stripZeros(String.format(Locale.ROOT, "%.2f", d));
        }
        return stripZeros(String.format(Locale.ROOT, "%.3g", d));
    }

    private static String stripZeros(String s) {
        if (!s.contains(".") || s.contains("e")) {
            return s;
        }
        s = s.replaceAll("0+$", "");
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }
}
