package dev.gantry.ratelimit.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The service's meters, named like envoyproxy/ratelimit's stats: per domain and rule (the rule's configured
 * path, never a runtime value, so the number of series stays bounded by the configuration).
 */
public class RateLimitMetrics {

    private final MeterRegistry registry;
    private final String domain;
    private final Map<String, RuleMeters> rules = new ConcurrentHashMap<>();
    private final Counter redisErrors;
    private final Counter failedOpen;
    private final Counter failedClosed;
    private final Timer decisions;

    public RateLimitMetrics(MeterRegistry registry, String domain) {
        this.registry = registry;
        this.domain = domain;
        this.redisErrors = Counter.builder("gantry.ratelimit.redis.errors")
                .description("Decisions whose Redis call failed or timed out").register(registry);
        this.failedOpen = failures("open");
        this.failedClosed = failures("closed");
        this.decisions = Timer.builder("gantry.ratelimit.decision")
                .description("From a ShouldRateLimit call received to its answer")
                .tag("domain", domain)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(50_000))
                .maximumExpectedValue(Duration.ofSeconds(1))
                .register(registry);
    }

    private Counter failures(String mode) {
        return Counter.builder("gantry.ratelimit.redis.failure.decisions")
                .description("Decisions answered without Redis, by the failure mode (open: allowed, closed: refused)")
                .tag("mode", mode).register(registry);
    }

    public RuleMeters rule(String ruleId) {
        return rules.computeIfAbsent(ruleId, id -> new RuleMeters(registry, domain, id));
    }

    public void redisError(boolean failOpen) {
        redisErrors.increment();
        (failOpen ? failedOpen : failedClosed).increment();
    }

    public Timer decisions() {
        return decisions;
    }

    /** One rule's counters, looked up once per rule, not per request. */
    public static final class RuleMeters {
        public final Counter hits;
        public final Counter overLimit;
        public final Counter nearLimit;
        public final Counter withinLimit;
        public final Counter shadowMode;
        public final Counter overLimitLocalCache;

        RuleMeters(MeterRegistry registry, String domain, String rule) {
            hits = counter(registry, "gantry.ratelimit.hits", "Hits counted against the rule", domain, rule);
            overLimit = counter(registry, "gantry.ratelimit.over.limit", "Hits over the rule's limit", domain, rule);
            nearLimit = counter(registry, "gantry.ratelimit.near.limit",
                    "Hits within the limit but past its near-limit ratio", domain, rule);
            withinLimit = counter(registry, "gantry.ratelimit.within.limit", "Hits within the limit", domain, rule);
            shadowMode = counter(registry, "gantry.ratelimit.shadow.mode",
                    "Hits over the limit of a shadow-mode rule, allowed anyway", domain, rule);
            overLimitLocalCache = counter(registry, "gantry.ratelimit.over.limit.local.cache",
                    "Hits refused from the local over-limit cache, without Redis", domain, rule);
        }

        private static Counter counter(MeterRegistry registry, String name, String description, String domain,
                String rule) {
            return Counter.builder(name).description(description).tag("domain", domain).tag("rule", rule)
                    .register(registry);
        }
    }
}
