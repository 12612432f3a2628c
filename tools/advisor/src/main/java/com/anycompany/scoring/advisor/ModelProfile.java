package com.anycompany.scoring.advisor;

import java.util.Locale;
import java.util.Optional;

/**
 * What the deployment advisor knows about one model and its traffic: the inputs of every decision it makes. Read from
 * a YAML profile by {@link ProfileReader}; see {@code examples/profiles/} for the four product use cases.
 *
 * @param latencyP99Ms p99 handler duration the model must meet, or empty when nobody waits on one record
 * @param payloadKb    size of one request (one record, or one document) as it arrives
 * @param source       where requests come from
 */
public record ModelProfile(String name, String description, Optional<Double> latencyP99Ms, double payloadKb,
                           Traffic traffic, Source source, Response response, boolean userFacing,
                           Criticality criticality, ModelSize model, Processing processing, Accelerator accelerator) {

    /**
     * @param requestsPerMonth  requests (records) in an average month, peaks included
     * @param peakFactor        peak request rate / average request rate (e.g. 10 at payroll year end)
     * @param peakHoursPerMonth hours a month spent at the peak rate, averaged over the year (0: peaks are rare)
     * @param hours             when requests arrive
     * @param runsPerMonth      for scheduled batch work: runs a month (each run scores requestsPerMonth/runsPerMonth)
     */
    public record Traffic(double requestsPerMonth, double peakFactor, double peakHoursPerMonth, Hours hours,
                          int runsPerMonth) {
    }

    /**
     * @param perRequest  each request needs its own answer (a decision, a prediction); false: results feed a report
     * @param callerWaits a caller is blocked until the answer comes back (a person, a synchronous API)
     */
    public record Response(boolean perRequest, boolean callerWaits) {
    }

    /**
     * @param sizeMb   artifact size on disk
     * @param trees    trees in the ensemble (for tree models; 0 when not a tree model)
     * @param depth    maximum tree depth
     * @param features input features
     * @param count    models served side by side (e.g. one per client)
     * @param artifact a real artifact to measure instead of a generated forest of this shape
     */
    public record ModelSize(double sizeMb, int trees, int depth, int features, int count, Optional<String> artifact) {
        public boolean treeModel() {
            return trees > 0;
        }
    }

    /**
     * @param secondsPerRequest     compute time per request when it cannot be measured here (e.g. an LLM on a GPU)
     * @param externalWaitSeconds   time a request waits on another service (e.g. a Textract job) and not on CPU
     * @param ioMsPerInvocation     network time per invocation outside the model (e.g. SendMessageBatch to a queue)
     * @param concurrencyPerInstance requests one SageMaker instance serves at once (default: its vCPUs; accelerators 1)
     */
    public record Processing(Optional<Double> secondsPerRequest, double externalWaitSeconds, double ioMsPerInvocation,
                             Optional<Integer> concurrencyPerInstance) {
    }

    public enum Hours {
        ALWAYS("24x7"), BUSINESS("business");

        private final String label;

        Hours(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public enum Source {
        SQS, HTTP, S3, SCHEDULE;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public enum Criticality {
        LOW, MEDIUM, HIGH;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public enum Accelerator {
        NONE("none"), GPU("gpu"), INFERENTIA("inferentia"), GPU_OR_INFERENTIA("gpu_or_inferentia");

        private final String label;

        Accelerator(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        public boolean needed() {
            return this != NONE;
        }

        /** e.g. "a GPU or Inferentia accelerator". */
        public String describe() {
            return switch (this) {
                case NONE -> "no accelerator";
                case GPU -> "a GPU";
                case INFERENTIA -> "AWS Inferentia";
                case GPU_OR_INFERENTIA -> "a GPU or Inferentia accelerator";
            };
        }

        public boolean acceptsInstance(String instanceAccelerator) {
            return switch (this) {
                case NONE -> "none".equals(instanceAccelerator);
                case GPU -> "gpu".equals(instanceAccelerator);
                case INFERENTIA -> "inferentia".equals(instanceAccelerator);
                case GPU_OR_INFERENTIA -> "gpu".equals(instanceAccelerator) || "inferentia".equals(instanceAccelerator);
            };
        }
    }
}
