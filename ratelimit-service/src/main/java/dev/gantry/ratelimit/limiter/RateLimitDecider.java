package dev.gantry.ratelimit.limiter;

import dev.gantry.ratelimit.config.RateLimitProperties;
import dev.gantry.ratelimit.metrics.RateLimitMetrics;
import dev.gantry.ratelimit.metrics.RateLimitMetrics.RuleMeters;
import dev.gantry.ratelimit.rules.ConfigRegistry;
import dev.gantry.ratelimit.rules.DescriptorMatcher;
import dev.gantry.ratelimit.rules.Match;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitRequest;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitResponse;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides one ShouldRateLimit request: match the descriptors, answer from the local over-limit cache when it
 * already knows, otherwise one script call per config (slot group), all sent at once, then count the metrics.
 */
public class RateLimitDecider {

    private static final Logger log = LoggerFactory.getLogger(RateLimitDecider.class);

    private final ConfigRegistry configs;
    private final CounterKeys keys;
    private final RedisCounterStore store;
    private final OverLimitCache cache;
    private final RateLimitMetrics metrics;
    private final RateLimitProperties properties;
    private final Clock clock;

    public RateLimitDecider(ConfigRegistry configs, CounterKeys keys, RedisCounterStore store, OverLimitCache cache,
            RateLimitMetrics metrics, RateLimitProperties properties, Clock clock) {
        this.configs = configs;
        this.keys = keys;
        this.store = store;
        this.cache = cache;
        this.metrics = metrics;
        this.properties = properties;
        this.clock = clock;
    }

    public CompletableFuture<RateLimitResponse> decide(RateLimitRequest request) {
        if (!properties.domain().equals(request.getDomain())) {
            return CompletableFuture.completedFuture(ResponseAssembler.allOk(request.getDescriptorsCount()));
        }
        long now = clock.millis();
        List<Match> matches = DescriptorMatcher.match(configs.current(), request);
        Map<String, List<Counter>> groups = new LinkedHashMap<>();
        Map<Integer, CounterOutcome> outcomes = new HashMap<>();
        boolean refusedLocally = false;
        for (Match match : matches) {
            if (match == null || !match.rule().counts()) {
                continue;
            }
            Counter counter = keys.counter(match, now);
            long fullUntil = cache == null || match.hits() == 0 || match.rule().shadowMode() ? 0 : cache.fullUntil(counter);
            if (fullUntil > 0) {
                refusedLocally = true;
                outcomes.put(match.index(), new CounterOutcome(counter, true, 0, fullUntil - now, fullUntil - now, true));
            } else {
                groups.computeIfAbsent(match.rule().configId(), id -> new ArrayList<>()).add(counter);
            }
        }
        if (refusedLocally || groups.isEmpty()) {
            // a refused request counts nowhere, so Redis has nothing to do; the others' remaining is unknown
            groups.values().forEach(counters -> counters.forEach(
                    c -> outcomes.put(c.match().index(), new CounterOutcome(c, false, -1, 0, 0, false))));
            count(outcomes);
            return CompletableFuture.completedFuture(
                    ResponseAssembler.assemble(matches, outcomes, properties.responseHeaders()));
        }
        List<CompletableFuture<List<CounterOutcome>>> calls = new ArrayList<>(groups.size());
        for (List<Counter> group : groups.values()) {
            calls.add(store.count(group, now));
        }
        return CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).handle((ignored, failure) -> {
            if (failure != null) {
                return failed(matches, failure);
            }
            for (CompletableFuture<List<CounterOutcome>> call : calls) {
                for (CounterOutcome outcome : call.join()) {
                    outcomes.put(outcome.counter().match().index(), outcome);
                    if (cache != null) {
                        cache.remember(outcome, now);
                    }
                }
            }
            count(outcomes);
            return ResponseAssembler.assemble(matches, outcomes, properties.responseHeaders());
        });
    }

    private RateLimitResponse failed(List<Match> matches, Throwable failure) {
        boolean open = properties.failureMode() == RateLimitProperties.FailureMode.OPEN;
        metrics.redisError(open);
        log.debug("Redis could not decide; failing {}: {}", open ? "open" : "closed", failure.toString());
        return open ? ResponseAssembler.allOk(matches.size()) : ResponseAssembler.counterFailure(matches);
    }

    private void count(Map<Integer, CounterOutcome> outcomes) {
        for (CounterOutcome outcome : outcomes.values()) {
            Match match = outcome.counter().match();
            RuleMeters meters = metrics.rule(match.rule().id());
            meters.hits.increment(match.hits());
            if (outcome.over()) {
                meters.overLimit.increment(match.hits());
                if (match.rule().shadowMode()) {
                    meters.shadowMode.increment(match.hits());
                }
                if (outcome.fromLocalCache()) {
                    meters.overLimitLocalCache.increment(match.hits());
                }
            } else if (outcome.remaining() >= 0) {
                long limit = match.rule().limit().requestsPerUnit();
                if (limit - outcome.remaining() > properties.nearLimitRatio() * limit) {
                    meters.nearLimit.increment(match.hits());
                } else {
                    meters.withinLimit.increment(match.hits());
                }
            }
        }
    }
}
