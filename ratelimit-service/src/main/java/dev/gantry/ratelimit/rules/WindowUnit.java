package dev.gantry.ratelimit.rules;

import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitResponse;
import java.util.Locale;

/** The units a limit counts in, with envoyproxy/ratelimit's lengths (a month is 30 days, a year 365). */
public enum WindowUnit {
    SECOND(1_000L, RateLimitResponse.RateLimit.Unit.SECOND),
    MINUTE(60_000L, RateLimitResponse.RateLimit.Unit.MINUTE),
    HOUR(3_600_000L, RateLimitResponse.RateLimit.Unit.HOUR),
    DAY(86_400_000L, RateLimitResponse.RateLimit.Unit.DAY),
    WEEK(7 * 86_400_000L, RateLimitResponse.RateLimit.Unit.WEEK),
    MONTH(30 * 86_400_000L, RateLimitResponse.RateLimit.Unit.MONTH),
    YEAR(365 * 86_400_000L, RateLimitResponse.RateLimit.Unit.YEAR);

    private final long millis;
    private final RateLimitResponse.RateLimit.Unit envoyUnit;

    WindowUnit(long millis, RateLimitResponse.RateLimit.Unit envoyUnit) {
        this.millis = millis;
        this.envoyUnit = envoyUnit;
    }

    public long millis() {
        return millis;
    }

    public RateLimitResponse.RateLimit.Unit envoyUnit() {
        return envoyUnit;
    }

    /** The unit a config names, case-insensitively; {@code null} when there is none of that name. */
    public static WindowUnit parse(String name) {
        if (name == null) {
            return null;
        }
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The unit of a limit override Envoy sent; {@code null} for UNKNOWN or a value this build does not know. */
    public static WindowUnit fromEnvoy(io.envoyproxy.envoy.type.v3.RateLimitUnit unit) {
        return unit == io.envoyproxy.envoy.type.v3.RateLimitUnit.UNKNOWN ? null : parse(unit.name());
    }
}
