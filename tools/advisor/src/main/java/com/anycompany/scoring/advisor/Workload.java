package com.anycompany.scoring.advisor;

import com.anycompany.scoring.advisor.ModelProfile.Hours;

/**
 * The numbers the rules decide on, derived from a profile, its measurement and the limits.
 *
 * @param requestsPerMonth   requests in an average month
 * @param activeHours        hours a month requests arrive (730 for 24x7, business days x business hours otherwise)
 * @param avgRps             average request rate while active
 * @param peakRps            avgRps x peak factor
 * @param computeSeconds     CPU seconds one request needs on one vCPU (measured or given), one record
 * @param serviceSeconds     time one request occupies a worker that does it synchronously: compute + external wait
 * @param memoryNeedMb       memory one container needs to hold the model: JVM base + size x factor
 */
public record Workload(double requestsPerMonth, double activeHours, double avgRps, double peakRps,
                       double peakHoursPerMonth, double computeSeconds, double serviceSeconds, double memoryNeedMb,
                       double payloadKb, double externalWaitSeconds) {

    public static final double HOURS_PER_MONTH = 730;

    public static Workload of(ModelProfile p, Measurement m, Limits limits) {
        Limits.Policy policy = limits.policy();
        double active = p.traffic().hours() == Hours.ALWAYS ? HOURS_PER_MONTH
                : policy.businessDaysPerMonth() * policy.businessHoursPerDay();
        double avg = p.traffic().requestsPerMonth() / (active * 3600);
        double compute = m.cpuMsPerRecord() / 1000;
        double memoryNeed = policy.jvmBaseMb() + p.model().sizeMb() * policy.modelMemoryFactor();
        return new Workload(p.traffic().requestsPerMonth(), active, avg, avg * p.traffic().peakFactor(),
                Math.min(p.traffic().peakHoursPerMonth(), active), compute,
                compute + p.processing().externalWaitSeconds(), memoryNeed, p.payloadKb(),
                p.processing().externalWaitSeconds());
    }
}
