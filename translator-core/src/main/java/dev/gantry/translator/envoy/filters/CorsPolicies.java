package dev.gantry.translator.envoy.filters;

import com.google.protobuf.BoolValue;
import io.envoyproxy.envoy.extensions.filters.http.cors.v3.CorsPolicy;
import io.envoyproxy.envoy.type.matcher.v3.RegexMatcher;
import io.envoyproxy.envoy.type.matcher.v3.StringMatcher;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPCORSFilter;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The CORS filter (Gateway API experimental) as the per-route {@link CorsPolicy} of Envoy's CORS filter.
 *
 * <p>Origins: {@code *} matches any origin; a {@code *} inside an origin ({@code https://*.bar.com})
 * matches any run of host characters, so any number of labels, as the conformance test expects. Lists are
 * joined with {@code ", "}; {@code *} for methods and headers is passed through, and Envoy answers a
 * credentialed preflight with the requested method and headers instead of {@code *}, as the Fetch
 * standard demands. Envoy echoes the request's Origin rather than sending {@code *}, which is allowed.
 */
final class CorsPolicies {

    static final String FILTER = "CORS";
    private static final String ANY = "*";

    private CorsPolicies() {
    }

    static Optional<CorsPolicy> translate(HTTPCORSFilter filter, Problems problems) {
        if (filter == null) {
            problems.invalid(FILTER + " filter has no cors field");
            return Optional.empty();
        }
        CorsPolicy.Builder policy = CorsPolicy.newBuilder();
        for (String origin : nonNull(filter.getAllowOrigins())) {
            if (origin.isEmpty() || hasControlCharacters(origin)) {
                problems.invalid(FILTER + ": '" + origin + "' is not a valid origin");
                return Optional.empty();
            }
            policy.addAllowOriginStringMatch(originMatcher(origin));
        }
        for (List<String> values : List.of(nonNull(filter.getAllowMethods()), nonNull(filter.getAllowHeaders()),
                nonNull(filter.getExposeHeaders()))) {
            if (values.stream().anyMatch(value -> value.isEmpty() || hasControlCharacters(value) || value.contains(","))) {
                problems.invalid(FILTER + ": " + values + " holds an empty or malformed entry");
                return Optional.empty();
            }
        }
        policy.setAllowMethods(String.join(", ", nonNull(filter.getAllowMethods())));
        policy.setAllowHeaders(String.join(", ", nonNull(filter.getAllowHeaders())));
        policy.setExposeHeaders(String.join(", ", nonNull(filter.getExposeHeaders())));
        if (filter.getMaxAge() != null) {
            if (filter.getMaxAge() < 0) {
                problems.invalid(FILTER + ": maxAge " + filter.getMaxAge() + " is negative");
                return Optional.empty();
            }
            policy.setMaxAge(Integer.toString(filter.getMaxAge()));
        }
        // Envoy sends access-control-allow-credentials only when this is true.
        policy.setAllowCredentials(BoolValue.of(Boolean.TRUE.equals(filter.getAllowCredentials())));
        return Optional.of(policy.build());
    }

    private static StringMatcher originMatcher(String origin) {
        if (origin.equals(ANY)) {
            return StringMatcher.newBuilder().setSafeRegex(RegexMatcher.newBuilder().setRegex(".*")).build();
        }
        if (!origin.contains(ANY)) {
            return StringMatcher.newBuilder().setExact(origin).build();
        }
        StringBuilder regex = new StringBuilder("^");
        for (char c : origin.toCharArray()) {
            if (c == '*') {
                regex.append("[^/]*");
            } else if ("\\.+?()[]{}|^$".indexOf(c) >= 0) {
                regex.append('\\').append(c);
            } else {
                regex.append(c);
            }
        }
        return StringMatcher.newBuilder().setSafeRegex(RegexMatcher.newBuilder().setRegex(regex.append('$').toString())).build();
    }

    private static List<String> nonNull(List<String> values) {
        return values == null ? List.of() : values.stream().filter(Objects::nonNull).toList();
    }

    private static boolean hasControlCharacters(String value) {
        return value.chars().anyMatch(c -> c < ' ' || c == 0x7f);
    }
}
