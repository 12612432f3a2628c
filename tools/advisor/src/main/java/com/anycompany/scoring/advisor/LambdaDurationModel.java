package com.anycompany.scoring.advisor;

/**
 * Converts CPU time measured on this machine into an estimated Lambda duration at a memory size.
 *
 * <p>Lambda gives a function CPU in proportion to its memory: {@code fullVcpuMemoryMb} (1,769 MB) is one vCPU. A
 * single-threaded request at memory M therefore runs {@code max(1, 1769 / M)} times slower than on one full vCPU;
 * above 1,769 MB one request does not get faster (the extra vCPUs would need parallel work). Network waits
 * ({@code ioMs}) do not scale with memory. The runtime adds {@code invokeOverheadMs} per invocation. Lambda bills
 * duration rounded up to the millisecond.
 */
public record LambdaDurationModel(Limits.LambdaCpu cpu) {

    /** How many times slower than one full vCPU a single thread runs at this memory size. */
    public double slowdown(int memoryMb) {
        return Math.max(1.0, cpu.fullVcpuMemoryMb() / memoryMb);
    }

    /** Estimated duration of one invocation whose CPU work took {@code cpuMs} on this machine. */
    public double durationMs(int memoryMb, String architecture, double cpuMs, double ioMs) {
        return cpu.invokeOverheadMs() + ioMs + cpuMs * slowdown(memoryMb) / cpu.speed(architecture);
    }

    public static double billedMs(double durationMs) {
        return Math.max(1, Math.ceil(durationMs - 1e-9));
    }
}
