package dev.gantry.ratelimit.rules;

/** How a limit counts; the numbers are what the counter script reads (scripts/rate-limit.lua). */
public enum Algorithm {
    /** envoyproxy/ratelimit's: a counter per window aligned to the epoch. */
    FIXED_WINDOW(1),
    /** The previous window's count weighted by how much of it still overlaps the sliding window, plus this one's. */
    SLIDING_WINDOW(2),
    /** A bucket refilled with requestsPerUnit tokens per window, holding at most burst (kept as GCRA's arrival time). */
    TOKEN_BUCKET(3);

    private final int scriptCode;

    Algorithm(int scriptCode) {
        this.scriptCode = scriptCode;
    }

    public int scriptCode() {
        return scriptCode;
    }
}
