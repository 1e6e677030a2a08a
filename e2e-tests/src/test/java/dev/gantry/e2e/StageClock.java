package dev.gantry.e2e;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;

/**
 * One stage's share of a change, read from the timer its service records (count and total before and after
 * one edit; edits run one at a time, so the difference is that edit's).
 */
final class StageClock {

    private final String stage;
    private final MeterRegistry meters;
    private final String timer;
    private Timer found;
    private long countBefore;
    private double totalBefore;

    StageClock(String stage, MeterRegistry meters, String timer) {
        this.stage = stage;
        this.meters = meters;
        this.timer = timer;
    }

    String stage() {
        return stage;
    }

    /** The timer, looked up once it exists (a search walks every meter of the registry). */
    private Timer timer() {
        if (found == null) {
            found = meters.find(timer).timer();
        }
        return found;
    }

    void mark() {
        Timer t = timer();
        countBefore = t == null ? 0 : t.count();
        totalBefore = t == null ? 0 : t.totalTime(TimeUnit.NANOSECONDS);
    }

    /** Whether the stage recorded something since {@link #mark()}. */
    boolean recorded() {
        Timer t = timer();
        return t != null && t.count() > countBefore;
    }

    /** Milliseconds the stage spent since {@link #mark()} (the sum, if it ran more than once). */
    double millisSinceMark() {
        Timer t = timer();
        return t == null ? 0 : (t.totalTime(TimeUnit.NANOSECONDS) - totalBefore) / 1e6;
    }
}
