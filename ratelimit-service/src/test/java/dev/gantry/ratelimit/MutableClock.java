package dev.gantry.ratelimit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/** A clock the test moves by hand, so window boundaries are crossed exactly when a test says so. */
final class MutableClock extends Clock {

    /** 2027-01-01T00:00:00Z: the start of a second, minute, hour and day window alike. */
    static final long ALIGNED = Instant.parse("2027-01-01T00:00:00Z").toEpochMilli();

    private final AtomicLong millis = new AtomicLong(ALIGNED);

    void set(long epochMillis) {
        millis.set(epochMillis);
    }

    void advance(Duration duration) {
        millis.addAndGet(duration.toMillis());
    }

    @Override
    public long millis() {
        return millis.get();
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
