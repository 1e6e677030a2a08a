package dev.gantry.translator.model.ir.policy;

import java.time.Duration;

/** Route-level settings of a RouteOption, each checked by its own feature. */
public final class RouteSettingsIr {

    private RouteSettingsIr() {
    }

    /** {@code idleTimeout}: how long the stream may stay idle. */
    public record IdleTimeout(Duration idle) {
    }

    /** {@code regexRewrite}: the path rewritten by an RE2 pattern and a substitution. */
    public record RegexRewrite(String regex, String substitution) {
    }

    /** {@code upgrades}: WebSocket upgrades on ({@code enabled}) or off for the route. */
    public record WebSocketUpgrade(boolean enabled) {
    }

    /** {@code autoHostRewrite}: the Host header becomes the upstream host's name. */
    public record AutoHostRewrite() {
    }

    /**
     * {@code retries.retryOn} and {@code retries.retryBackOff.maxInterval}.
     *
     * @param retryOn Envoy's {@code retry_on} conditions, or {@code null} to keep the Gateway API's
     * @param maxBackoff the longest backoff, or {@code null}
     */
    public record RetryConditions(String retryOn, Duration maxBackoff) {
    }
}
