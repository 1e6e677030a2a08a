package dev.gantry.translator.features;

import com.google.protobuf.Any;
import com.google.protobuf.UInt32Value;
import dev.gantry.model.options.HttpListenerOptions;
import dev.gantry.model.options.HttpListenerOptions.TokenBucket;
import dev.gantry.model.options.RouteOptions;
import dev.gantry.translator.model.ir.ListenerIr;
import dev.gantry.translator.model.ir.policy.ListenerLocalRateLimitIr;
import dev.gantry.translator.model.ir.policy.LocalRateLimitIr;
import io.envoyproxy.envoy.extensions.common.ratelimit.v3.XRateLimitHeadersRFCVersion;
import io.envoyproxy.envoy.config.core.v3.RuntimeFractionalPercent;
import io.envoyproxy.envoy.config.route.v3.FilterConfig;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.extensions.filters.http.local_ratelimit.v3.LocalRateLimit;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import io.envoyproxy.envoy.type.v3.FractionalPercent;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * A RouteOption's {@code ratelimit.localRatelimit} (a token bucket: {@code maxTokens}, {@code tokensPerFill}
 * every {@code fillInterval}) as the per-route {@code LocalRateLimit} of Envoy's
 * {@code envoy.filters.http.local_ratelimit}, enabled and enforced for every request of the route: a request that
 * finds the bucket empty is answered 429. The bucket is per Envoy and per route.
 *
 * <p>The HTTP filter is in every connection manager without a token bucket, which limits nothing; a route's own
 * config replaces it (see {@link CorsFeature}). Optional, and the per-route config in an optional
 * {@code FilterConfig}: grpc-xds does not implement it. Slot {@link HttpFilterOrder#LOCAL_RATE_LIMIT}.
 *
 * <p>An HttpListenerOption's {@code httpLocalRatelimit} gives the listeners it applies to a default:
 * {@code defaultLimit} becomes the filter's own token bucket (every request of the listener takes from it unless its
 * route has its own, which replaces it), {@code localRateLimitPerDownstreamConnection} one bucket per connection,
 * {@code enableXRatelimitHeaders} the {@code X-RateLimit-*} response headers (draft 03).
 */
final class LocalRateLimitFeature implements Feature {

    static final String HTTP_FILTER = "envoy.filters.http.local_ratelimit";
    static final String STAT_PREFIX = "http_local_rate_limiter";
    /** Envoy refuses a fill interval shorter than this. */
    private static final Duration SHORTEST_FILL = Duration.ofMillis(50);

    private static final List<OrderedHttpFilter> HTTP_FILTERS = List.of(new OrderedHttpFilter(HttpFilterOrder.LOCAL_RATE_LIMIT,
            HttpFilter.newBuilder().setName(HTTP_FILTER)
                    .setTypedConfig(Any.pack(LocalRateLimit.newBuilder().setStatPrefix(STAT_PREFIX).build()))
                    .setIsOptional(true)
                    .build()));

    @Override
    public String name() {
        return "ratelimit.localRatelimit";
    }

    @Override
    public void readRule(HTTPRouteRule rule, RuleReading reading) {
        RouteOptions options = RouteOptionFields.of(rule);
        TokenBucket bucket = options == null || options.ratelimit() == null ? null : options.ratelimit().localRatelimit();
        if (bucket == null) {
            return;
        }
        LocalRateLimitIr limit = bucket("ratelimit.localRatelimit", bucket, reading.problems()::invalid);
        if (limit != null) {
            reading.attach(limit);
        }
    }

    /** A listener's default bucket and options (HttpListenerOption {@code httpLocalRatelimit}). */
    @Override
    public void readListener(ListenerReading reading) {
        HttpListenerOptions options = reading.http();
        HttpListenerOptions.LocalRateLimit local = options == null ? null : options.httpLocalRatelimit();
        if (local == null) {
            return;
        }
        LocalRateLimitIr bucket = null;
        if (local.defaultLimit() != null) {
            bucket = bucket("httpLocalRatelimit.defaultLimit", local.defaultLimit(), reading::invalid);
            if (bucket == null) {
                return;
            }
        }
        reading.attach(new ListenerLocalRateLimitIr(bucket, Boolean.TRUE.equals(local.localRateLimitPerDownstreamConnection()),
                Boolean.TRUE.equals(local.enableXRatelimitHeaders())));
    }

    /** The checked bucket, or {@code null} after telling {@code invalid} why not (naming {@code field}). */
    private static LocalRateLimitIr bucket(String field, TokenBucket bucket, Consumer<String> invalid) {
        if (bucket.maxTokens() == null || bucket.maxTokens() < 1) {
            invalid.accept(field + ".maxTokens: " + bucket.maxTokens() + " is not at least 1");
            return null;
        }
        int perFill = bucket.tokensPerFill() == null ? 1 : bucket.tokensPerFill();
        if (perFill < 1) {
            invalid.accept(field + ".tokensPerFill: " + perFill + " is not at least 1");
            return null;
        }
        Duration fill;
        try {
            fill = OptionDurations.parse(field + ".fillInterval", bucket.fillInterval() == null ? "1s" : bucket.fillInterval());
        } catch (IllegalArgumentException e) {
            invalid.accept(e.getMessage());
            return null;
        }
        if (fill.compareTo(SHORTEST_FILL) < 0) {
            invalid.accept(field + ".fillInterval: " + bucket.fillInterval() + " is shorter than 50ms");
            return null;
        }
        return new LocalRateLimitIr(bucket.maxTokens(), perFill, fill);
    }

    @Override
    public void applyToRoute(RouteContext context, Route.Builder route) {
        context.policies().attached().get(LocalRateLimitIr.class).ifPresent(limit -> route.putTypedPerFilterConfig(
                HTTP_FILTER, Any.pack(FilterConfig.newBuilder().setConfig(Any.pack(config(limit))).setIsOptional(true)
                        .build())));
    }

    private static LocalRateLimit config(LocalRateLimitIr limit) {
        RuntimeFractionalPercent always = RuntimeFractionalPercent.newBuilder().setRuntimeKey(STAT_PREFIX + "_enabled")
                .setDefaultValue(FractionalPercent.newBuilder().setNumerator(100)
                        .setDenominator(FractionalPercent.DenominatorType.HUNDRED)).build();
        return LocalRateLimit.newBuilder()
                .setStatPrefix(STAT_PREFIX)
                .setTokenBucket(io.envoyproxy.envoy.type.v3.TokenBucket.newBuilder()
                        .setMaxTokens(limit.maxTokens())
                        .setTokensPerFill(UInt32Value.of(limit.tokensPerFill()))
                        .setFillInterval(OptionDurations.proto(limit.fillInterval())))
                // Envoy's defaults are 0%: without these the bucket would be neither checked nor enforced
                .setFilterEnabled(always)
                .setFilterEnforced(always.toBuilder().setRuntimeKey(STAT_PREFIX + "_enforced"))
                .build();
    }

    /**
     * Without a listener default, the inert filter; with one, the listener's bucket (and options) as the filter's
     * own config, which a route's per-route config replaces.
     */
    @Override
    public List<OrderedHttpFilter> httpFilters(List<ListenerIr> listeners) {
        return ListenerPolicies.first(listeners, ListenerLocalRateLimitIr.class).map(local -> {
            LocalRateLimit.Builder config = local.bucket() == null
                    ? LocalRateLimit.newBuilder().setStatPrefix(STAT_PREFIX) : config(local.bucket()).toBuilder();
            config.setLocalRateLimitPerDownstreamConnection(local.perConnection());
            if (local.rateLimitHeaders()) {
                config.setEnableXRatelimitHeaders(XRateLimitHeadersRFCVersion.DRAFT_VERSION_03);
            }
            return List.of(new OrderedHttpFilter(HttpFilterOrder.LOCAL_RATE_LIMIT, HttpFilter.newBuilder()
                    .setName(HTTP_FILTER).setTypedConfig(Any.pack(config.build())).setIsOptional(true).build()));
        }).orElse(HTTP_FILTERS);
    }
}
