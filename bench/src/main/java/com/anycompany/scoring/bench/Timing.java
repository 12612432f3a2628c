package com.anycompany.scoring.bench;

/** The timing loop the harnesses share. */
final class Timing {
    private Timing() {
    }

    /** One timed call. */
    interface Task {
        void run() throws Exception;
    }

    /** Calls {@code task} until {@code end} (System.nanoTime), at least once: {calls, the time of the last return}. */
    static long[] callsUntil(Task task, long end) throws Exception {
        long calls = 0;
        long now;
        do {
            task.run();
            calls++;
            now = System.nanoTime();
        } while (now < end);
        return new long[]{calls, now};
    }
}
