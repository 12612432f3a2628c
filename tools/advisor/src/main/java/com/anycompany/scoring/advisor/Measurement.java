package com.anycompany.scoring.advisor;

/**
 * What one request costs in CPU on the measuring machine, single-threaded, warm.
 *
 * @param source              "measured" (timed here with the product's engine) or "given" (from the profile's
 *                            processing.seconds_per_request, for models this engine cannot run)
 * @param model               what was measured, e.g. "generated forest: 300 trees x depth 6 x 30 features"
 * @param recordsPerInvocation records scored per timed invocation (the SQS batch size, or 1)
 * @param cpuMsPerRecord      mean CPU time of one record: JSON parsing, feature mapping and prediction
 * @param invocationP50Ms     median CPU time of one invocation of recordsPerInvocation records
 * @param invocationP99Ms     99th percentile of the same
 * @param parseMapUsPerRecord mean CPU time of JSON parsing and feature mapping alone (the baseline)
 * @param predictUsPerRecord  mean CPU time of prediction alone
 * @param modelLoadMs         time to parse and compile the artifact once (a cold start or a per-client model load)
 * @param invocations         timed invocations
 * @param clock               "thread CPU time" or "wall clock" (when the JVM cannot read thread CPU time)
 * @param machine             the measuring machine, e.g. "amd64, 2 cores, Java 17.0.10"
 */
public record Measurement(String source, String model, double artifactMb, int recordsPerInvocation,
                          double cpuMsPerRecord, double invocationP50Ms, double invocationP99Ms,
                          double parseMapUsPerRecord, double predictUsPerRecord, double modelLoadMs, long invocations,
                          String clock, String machine) {

    public boolean measured() {
        return "measured".equals(source);
    }

    /** A model the engine cannot run (e.g. an LLM): its time per request is taken from the profile. */
    public static Measurement given(double secondsPerRequest, String why) {
        double ms = secondsPerRequest * 1000;
        return new Measurement("given", why, 0, 1, ms, ms, ms, 0, 0, 0, 0, "profile", "not measured");
    }

    /** Prediction's cost relative to the parse-and-map baseline measured in the same run. */
    public double predictToParseRatio() {
        return parseMapUsPerRecord > 0 ? predictUsPerRecord / parseMapUsPerRecord : Double.NaN;
    }
}
