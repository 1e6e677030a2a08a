package dev.gantry.support.policy;

import java.time.Duration;

/**
 * A service's declaration that it loads one kind of policy from Redis: a bean of this type turns on
 * {@link PolicyLoadingAutoConfiguration}.
 *
 * @param kind              the kind as {@code PolicyConfig.kind} names it ("RateLimitConfig", "AuthConfig")
 * @param holder            what compiles and serves them
 * @param reconcileInterval how often every policy in Redis is compared with what is held
 * @param meterPrefix       the service's meter prefix ("gantry.extauth"): meters are {@code <prefix>.configs.applied},
 *                          {@code .configs.rejected}, {@code .notices.invalid}, {@code .reconcile.failures}
 */
public record PolicySource(String kind, PolicyHolder holder, Duration reconcileInterval, String meterPrefix) {

    public PolicySource {
        if (reconcileInterval == null || reconcileInterval.isZero() || reconcileInterval.isNegative()) {
            throw new IllegalArgumentException("the reconcile interval of " + kind + " must be positive, not "
                    + reconcileInterval);
        }
    }
}
