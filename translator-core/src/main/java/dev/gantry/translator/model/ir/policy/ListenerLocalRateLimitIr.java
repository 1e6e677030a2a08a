package dev.gantry.translator.model.ir.policy;

/**
 * A listener's default local rate limit (HttpListenerOption {@code httpLocalRatelimit}): the token bucket every
 * request of the listener takes from unless its route has one of its own.
 *
 * @param bucket the default bucket, or {@code null} for none (only the options below)
 * @param perConnection one bucket per downstream connection instead of one per Envoy
 * @param rateLimitHeaders answer with the {@code X-RateLimit-*} headers (draft 03)
 */
public record ListenerLocalRateLimitIr(LocalRateLimitIr bucket, boolean perConnection, boolean rateLimitHeaders) {
}
