package com.anycompany.scoring.model;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * The time a batch spends in the model, by stage (scoring, then reasons: contributions and the top k), in wall-clock
 * time and in the calling thread's CPU time. The CPU time is what the code costs; the wall-clock time adds whatever
 * the machine made the thread wait (on a shared machine, other processes; in Lambda, the function's vCPU share). Not
 * thread-safe: one per batch.
 */
public final class StageTimes {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final boolean CPU = THREADS.isCurrentThreadCpuTimeSupported();

    private long scoringWall;
    private long reasonsWall;
    private long scoringCpu;
    private long reasonsCpu;
    private long wall0;
    private long cpu0;

    /** Starts the scoring stage. */
    void start() {
        wall0 = System.nanoTime();
        cpu0 = cpu();
    }

    /** Ends the scoring stage and starts the reasons stage. */
    void scored() {
        long w = System.nanoTime();
        long c = cpu();
        scoringWall += w - wall0;
        scoringCpu += c - cpu0;
        wall0 = w;
        cpu0 = c;
    }

    /** Ends the reasons stage. */
    void explained() {
        reasonsWall += System.nanoTime() - wall0;
        reasonsCpu += cpu() - cpu0;
    }

    private static long cpu() {
        return CPU ? THREADS.getCurrentThreadCpuTime() : 0;
    }

    public double scoringMillis() {
        return scoringWall / 1e6;
    }

    public double reasonsMillis() {
        return reasonsWall / 1e6;
    }

    /** Whether the CPU figures were measured (the JVM supports thread CPU time). */
    public boolean cpuMeasured() {
        return CPU;
    }

    public double scoringCpuMillis() {
        return scoringCpu / 1e6;
    }

    public double reasonsCpuMillis() {
        return reasonsCpu / 1e6;
    }
}
