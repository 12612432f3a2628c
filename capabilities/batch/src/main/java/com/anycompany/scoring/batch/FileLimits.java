package com.anycompany.scoring.batch;

/** Bounds on batch input, so a hostile file cannot exhaust a function's memory. */
final class FileLimits {
    /** A longer line is quarantined (and a longer CSV header refuses the file). */
    static final int MAX_LINE_BYTES = 1024 * 1024;
    static final int MAX_COLUMNS = 4096;
    /** The planner cuts a shard once it reaches this many bytes, whatever its row count. */
    static final long MAX_SHARD_BYTES = 64L * 1024 * 1024;

    private FileLimits() {
    }
}
