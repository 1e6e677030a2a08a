package dev.gantry.translator.model.ir.policy;

import java.time.Duration;

/** A route's local (per Envoy) token bucket: {@code maxTokens}, refilled by {@code tokensPerFill} every {@code fillInterval}. */
public record LocalRateLimitIr(int maxTokens, int tokensPerFill, Duration fillInterval) {
}
