package dev.gantry.ratelimit.rules;

/**
 * One limit as counted: {@code requestsPerUnit} per window of {@code unitMultiplier} {@code unit}s, by an
 * algorithm; {@code burst} is the token bucket's capacity (the other algorithms ignore it).
 */
public record LimitSpec(long requestsPerUnit, WindowUnit unit, int unitMultiplier, Algorithm algorithm, long burst) {

    public LimitSpec {
        if (requestsPerUnit < 0 || unitMultiplier < 1 || burst < 0) {
            throw new IllegalArgumentException("invalid limit " + requestsPerUnit + "/" + unitMultiplier + " " + unit);
        }
    }

    public static LimitSpec fixed(long requestsPerUnit, WindowUnit unit) {
        return new LimitSpec(requestsPerUnit, unit, 1, Algorithm.FIXED_WINDOW, requestsPerUnit);
    }

    public long windowMillis() {
        return unit.millis() * unitMultiplier;
    }

    /** The same counting with another amount per unit, as a limit override from Envoy asks. */
    public LimitSpec overriddenBy(long overrideRequestsPerUnit, WindowUnit overrideUnit) {
        return new LimitSpec(overrideRequestsPerUnit, overrideUnit, 1, algorithm, overrideRequestsPerUnit);
    }
}
