package com.anycompany.scoring.advisor;

import java.util.List;
import java.util.Map;

/**
 * Service quotas, the Lambda CPU model and the advisor's thresholds ({@code advisor/limits.json}): the numbers the
 * rules compare a profile against.
 */
public record Limits(Aws aws, LambdaCpu lambdaCpu, Policy policy) {
    private static final Limits DEFAULTS = AdvisorData.resource("limits.json", Limits.class);

    public static Limits defaults() {
        return DEFAULTS;
    }

    public record Aws(int lambdaMaxMemoryMb, int lambdaMaxTimeoutS, double lambdaSyncPayloadKb,
                      double lambdaAsyncPayloadKb, int lambdaMaxImageMb, double sqsMaxMessageKb,
                      int apiGatewayTimeoutS, double sagemakerRealtimePayloadKb, int sagemakerRealtimeTimeoutS,
                      double sagemakerServerlessPayloadKb, int sagemakerServerlessTimeoutS,
                      int sagemakerServerlessMaxMemoryMb, int sagemakerServerlessMaxConcurrency,
                      double sagemakerAsyncPayloadKb, int sagemakerAsyncTimeoutS, double sagemakerBatchRecordKb) {
    }

    public record LambdaCpu(double fullVcpuMemoryMb, double invokeOverheadMs, Map<String, Double> machineToLambdaSpeed) {
        public double speed(String architecture) {
            Double s = machineToLambdaSpeed.get(architecture);
            if (s == null || s <= 0) {
                throw new IllegalArgumentException("no machine_to_lambda_speed for architecture " + architecture);
            }
            return s;
        }
    }

    public record Policy(List<Integer> memoryCandidatesMb, int minMemoryMb, double jvmBaseMb, double modelMemoryFactor,
                         double reservedConcurrencyHeadroom, int minReservedConcurrency, int sqsBatchSize, double sustainedMaxIdleFraction,
                         double sagemakerTargetUtilisation, int highCriticalityMinInstances,
                         double shardTargetSeconds, double batchTransformStartupMinutes,
                         double asyncScaleInMinutes, double businessHoursPerDay, double businessDaysPerMonth,
                         double daysPerMonth, double longProcessingSeconds, int batchMaxConcurrency,
                         int sfnTransitionsPerRun, int sfnTransitionsPerShard, double acceleratorMemoryFactor) {
    }
}
