package dev.gantry.translator.features;

import com.google.protobuf.Any;
import dev.gantry.model.options.RouteOptions;
import dev.gantry.translator.model.ir.ListenerIr;
import dev.gantry.translator.model.ir.policy.CsrfIr;
import dev.gantry.translator.validation.EnvoyRegexes;
import io.envoyproxy.envoy.config.core.v3.RuntimeFractionalPercent;
import io.envoyproxy.envoy.config.route.v3.FilterConfig;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.extensions.filters.http.csrf.v3.CsrfPolicy;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import io.envoyproxy.envoy.type.matcher.v3.RegexMatcher;
import io.envoyproxy.envoy.type.matcher.v3.StringMatcher;
import io.envoyproxy.envoy.type.v3.FractionalPercent;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A RouteOption's {@code csrf} as the per-route {@code CsrfPolicy} of Envoy's {@code envoy.filters.http.csrf}: a
 * mutating request (POST, PUT, DELETE...) whose Origin is neither the destination's nor one of
 * {@code additionalOrigins} is refused with 403 for {@code filterEnabled} of the requests, and only counted for
 * {@code shadowEnabled}. Without {@code filterEnabled} the policy enforces on every request, unless it only asks for
 * a shadow.
 *
 * <p>The HTTP filter is in every connection manager with a policy enabled for 0% of requests, which refuses
 * nothing; a route's own policy replaces it (see {@link CorsFeature} for why every listener has it). Optional, and
 * the per-route policy in an optional {@code FilterConfig}: grpc-xds does not implement CSRF. Slot
 * {@link HttpFilterOrder#CSRF}.
 */
final class CsrfFeature implements Feature {

    static final String HTTP_FILTER = "envoy.filters.http.csrf";
    private static final int PER_MILLION = 1_000_000;

    private static final List<OrderedHttpFilter> HTTP_FILTERS = List.of(new OrderedHttpFilter(HttpFilterOrder.CSRF,
            HttpFilter.newBuilder().setName(HTTP_FILTER)
                    .setTypedConfig(Any.pack(CsrfPolicy.newBuilder().setFilterEnabled(share(0)).build()))
                    .setIsOptional(true)
                    .build()));

    @Override
    public String name() {
        return "csrf";
    }

    @Override
    public void readRule(HTTPRouteRule rule, RuleReading reading) {
        RouteOptions options = RouteOptionFields.of(rule);
        RouteOptions.CsrfPolicy csrf = options == null ? null : options.csrf();
        if (csrf == null) {
            return;
        }
        Problems problems = reading.problems();
        int shadow = csrf.shadowEnabled() == null ? 0 : perMillion("csrf.shadowEnabled", csrf.shadowEnabled(), problems);
        int enabled = csrf.filterEnabled() != null ? perMillion("csrf.filterEnabled", csrf.filterEnabled(), problems)
                : csrf.shadowEnabled() != null ? 0 : PER_MILLION;
        if (enabled < 0 || shadow < 0) {
            return;
        }
        List<CsrfIr.Origin> origins = new ArrayList<>();
        List<RouteOptions.StringMatcher> written = csrf.additionalOrigins() == null ? List.of() : csrf.additionalOrigins();
        for (int i = 0; i < written.size(); i++) {
            Optional<CsrfIr.Origin> origin = origin("csrf.additionalOrigins[" + i + "]", written.get(i), problems);
            if (origin.isEmpty()) {
                return;
            }
            origins.add(origin.get());
        }
        reading.attach(new CsrfIr(enabled, shadow, origins));
    }

    /** A FractionalPercent in millionths, or -1 after reporting one out of range. */
    private static int perMillion(String field, RouteOptions.FractionalPercent percent, Problems problems) {
        int scale = switch (percent.denominator() == null ? "HUNDRED" : percent.denominator()) {
            case "HUNDRED" -> 10_000;
            case "TEN_THOUSAND" -> 100;
            case "MILLION" -> 1;
            default -> 0;
        };
        Integer numerator = percent.numerator();
        if (scale == 0 || numerator == null || numerator < 0 || (long) numerator * scale > PER_MILLION) {
            problems.invalid(field + ": " + numerator + "/" + percent.denominator()
                    + " is not a share between 0 and 100% (denominator HUNDRED, TEN_THOUSAND or MILLION)");
            return -1;
        }
        return numerator * scale;
    }

    private static Optional<CsrfIr.Origin> origin(String field, RouteOptions.StringMatcher matcher, Problems problems) {
        List<CsrfIr.Origin> set = new ArrayList<>();
        boolean ignoreCase = matcher != null && Boolean.TRUE.equals(matcher.ignoreCase());
        if (matcher != null) {
            Optional.ofNullable(matcher.exact()).ifPresent(value -> set.add(new CsrfIr.Origin("EXACT", value, ignoreCase)));
            Optional.ofNullable(matcher.prefix()).ifPresent(value -> set.add(new CsrfIr.Origin("PREFIX", value, ignoreCase)));
            Optional.ofNullable(matcher.suffix()).ifPresent(value -> set.add(new CsrfIr.Origin("SUFFIX", value, ignoreCase)));
            Optional.ofNullable(matcher.safeRegex()).map(RouteOptions.RegexPattern::regex).filter(Objects::nonNull)
                    .ifPresent(value -> set.add(new CsrfIr.Origin("REGEX", value, false)));
        }
        if (set.size() != 1) {
            problems.invalid(field + ": exactly one of exact, prefix, suffix or safeRegex");
            return Optional.empty();
        }
        CsrfIr.Origin origin = set.get(0);
        if (origin.value().isEmpty() && !origin.how().equals("EXACT")) {
            problems.invalid(field + ": an empty " + origin.how().toLowerCase() + " matches everything");
            return Optional.empty();
        }
        if (origin.how().equals("REGEX")) {
            Optional<String> problem = EnvoyRegexes.problem(origin.value());
            if (problem.isPresent()) {
                problems.invalid(field + ".safeRegex: " + problem.get());
                return Optional.empty();
            }
        }
        return Optional.of(origin);
    }

    @Override
    public void applyToRoute(RouteContext context, Route.Builder route) {
        context.policies().attached().get(CsrfIr.class).ifPresent(csrf -> route.putTypedPerFilterConfig(HTTP_FILTER,
                Any.pack(FilterConfig.newBuilder().setConfig(Any.pack(policy(csrf))).setIsOptional(true).build())));
    }

    private static CsrfPolicy policy(CsrfIr csrf) {
        CsrfPolicy.Builder policy = CsrfPolicy.newBuilder().setFilterEnabled(share(csrf.enabledPerMillion()));
        if (csrf.shadowPerMillion() > 0) {
            policy.setShadowEnabled(share(csrf.shadowPerMillion()));
        }
        for (CsrfIr.Origin origin : csrf.additionalOrigins()) {
            StringMatcher.Builder matcher = StringMatcher.newBuilder().setIgnoreCase(origin.ignoreCase());
            switch (origin.how()) {
                case "EXACT" -> matcher.setExact(origin.value());
                case "PREFIX" -> matcher.setPrefix(origin.value());
                case "SUFFIX" -> matcher.setSuffix(origin.value());
                default -> matcher.setSafeRegex(RegexMatcher.newBuilder().setRegex(origin.value()));
            }
            policy.addAdditionalOrigins(matcher);
        }
        return policy.build();
    }

    private static RuntimeFractionalPercent share(int perMillion) {
        return RuntimeFractionalPercent.newBuilder().setDefaultValue(FractionalPercent.newBuilder()
                .setNumerator(perMillion).setDenominator(FractionalPercent.DenominatorType.MILLION)).build();
    }

    @Override
    public List<OrderedHttpFilter> httpFilters(List<ListenerIr> listeners) {
        return HTTP_FILTERS;
    }
}
