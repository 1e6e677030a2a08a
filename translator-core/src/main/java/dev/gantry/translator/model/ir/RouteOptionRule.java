package dev.gantry.translator.model.ir;

import dev.gantry.model.options.HeaderManipulation;
import dev.gantry.model.options.RetryPolicy;
import dev.gantry.model.options.RouteOptions;
import dev.gantry.translator.features.OptionDurations;
import dev.gantry.translator.features.RouteOptionFields;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.BackendObjectReference;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Fraction;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPHeader;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRequestMirrorFilter;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPHeaderFilter;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPPathModifier;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteFilter;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRetry;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteTimeouts;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPURLRewriteFilter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The parts of a RouteOption (named by an ExtensionRef filter) that the Gateway API can say itself, written
 * into the rule as the equivalent Gateway API fields so that the features read them (stage one) like any other:
 * <ul>
 *   <li>{@code headerManipulation} → Request/ResponseHeaderModifier ({@code append: false} sets, otherwise
 *       adds, as Envoy's {@code append} did), merged into the rule's own modifier if it has one;</li>
 *   <li>{@code timeout} → {@code timeouts.request}; {@code retries.perTryTimeout} →
 *       {@code timeouts.backendRequest}; {@code retries.numRetries} → {@code retry.attempts};
 *       {@code retries.retryBackOff.baseInterval} → {@code retry.backoff} — each only where the rule does
 *       not set the field itself (the rule as written is the more specific);</li>
 *   <li>{@code hostRewrite} and {@code prefixRewrite} → a URLRewrite (hostname; ReplacePrefixMatch).</li>
 * </ul>
 * {@code cors} becomes the Gateway API's CORS filter ({@link RouteOptionCors}). The fields the Gateway API has
 * no words for (faults, bufferPerRoute, csrf, ratelimit.localRatelimit, regexRewrite, autoHostRewrite, idleTimeout,
 * retries.retryOn and
 * retryBackOff.maxInterval) travel on the rule ({@link RouteOptionFields}) to the feature that reads and
 * checks each (upgrades, external auth and RateLimitConfigs too, which the features look up; envoyMetadata,
 * directResponseAction and stagedTransformations). {@code shadowing} becomes a RequestMirror filter to its Upstream.
 */
final class RouteOptionRule {

    /**
     * What mapping one RouteOption did.
     *
     * @param applied the option fields written into the rule
     * @param ignored the option fields not applied yet, with why
     * @param invalid a value that cannot be expressed (a malformed duration), or {@code null}
     */
    record Mapping(List<String> applied, List<String> ignored, String invalid) {
    }

    private RouteOptionRule() {
    }

    /** Writes {@code options} into {@code rule} (a copy the caller owns) and says what it did. */
    static Mapping apply(RouteOptions options, HTTPRouteRule rule) {
        List<String> applied = new ArrayList<>();
        List<String> ignored = new ArrayList<>();
        if (options == null) {
            return new Mapping(applied, ignored, null);
        }
        try {
            headers(options.headerManipulation(), rule, applied);
            timeouts(options, rule, applied, ignored);
            retries(options.retries(), rule, applied, ignored);
            rewrites(options, rule, applied);
            RouteOptionCors.lower(options.cors(), rule, applied, ignored);
        } catch (IllegalArgumentException e) {
            return new Mapping(applied, ignored, e.getMessage());
        }
        // the fields the Gateway API has no words for travel on the rule to their features (RouteOptionFields)
        RouteOptionFields.carry(rule, options);
        carried(applied, "idleTimeout", options.idleTimeout());
        carried(applied, "regexRewrite", options.regexRewrite());
        carried(applied, "autoHostRewrite", options.autoHostRewrite());
        carried(applied, "faults", options.faults());
        carried(applied, "bufferPerRoute", options.bufferPerRoute());
        carried(applied, "csrf", options.csrf());
        carried(applied, "ratelimit", options.ratelimit());
        carried(applied, "upgrades", options.upgrades());
        carried(applied, "extauth", options.extauth());
        carried(applied, "rateLimitConfigs", options.rateLimitConfigs());
        carried(applied, "rateLimitEarlyConfigs", options.rateLimitEarlyConfigs());
        carried(applied, "stagedTransformations", options.stagedTransformations());
        carried(applied, "envoyMetadata", options.envoyMetadata());
        carried(applied, "directResponseAction", options.directResponseAction());
        shadowing(options.shadowing(), rule, applied);
        return new Mapping(applied, ignored, null);
    }

    /** Marks the RequestMirror filter written for {@code shadowing}: its Upstream is resolved as a mirror's. */
    static final String SHADOWING = "gantry.dev/shadowing";

    /**
     * {@code shadowing{upstream, percentage}} → a RequestMirror filter to the Upstream ({@code percentage} of the
     * requests, 100 when unset, as a fraction per million), marked so that stage one resolves its backend
     * ({@link RuleFilterCheck}); {@code RequestMirrorFeature} then does the rest.
     */
    private static void shadowing(RouteOptions.Shadowing shadowing, HTTPRouteRule rule, List<String> applied) {
        if (shadowing == null) {
            return;
        }
        if (shadowing.upstream() == null || shadowing.upstream().name() == null || shadowing.upstream().name().isBlank()) {
            throw new IllegalArgumentException("shadowing.upstream: names no Upstream");
        }
        double percentage = shadowing.percentage() == null ? 100 : shadowing.percentage();
        if (Double.isNaN(percentage) || percentage < 0 || percentage > 100) {
            throw new IllegalArgumentException("shadowing.percentage: " + percentage + " is not within 0..100");
        }
        BackendObjectReference ref = new BackendObjectReference();
        ref.setGroup("gateway.gantry.dev");
        ref.setKind("Upstream");
        ref.setName(shadowing.upstream().name());
        ref.setNamespace(shadowing.upstream().namespace());
        HTTPRequestMirrorFilter mirror = new HTTPRequestMirrorFilter();
        mirror.setBackendRef(ref);
        Fraction fraction = new Fraction();
        fraction.setNumerator((int) Math.round(percentage * 10_000));
        fraction.setDenominator(1_000_000);
        mirror.setFraction(fraction);
        HTTPRouteFilter filter = new HTTPRouteFilter();
        filter.setType("RequestMirror");
        filter.setRequestMirror(mirror);
        filter.setAdditionalProperty(SHADOWING, Boolean.TRUE);
        rule.getFilters().add(filter);
        applied.add("shadowing");
    }

    private static void carried(List<String> applied, String field, Object value) {
        if (value != null) {
            applied.add(field);
        }
    }

    private static void notYet(List<String> ignored, String field, Object value) {
        if (value != null) {
            ignored.add(field + " (not supported yet)");
        }
    }

    private static void headers(HeaderManipulation headers, HTTPRouteRule rule, List<String> applied) {
        if (headers == null) {
            return;
        }
        if (headers.requestHeadersToAdd() != null || headers.requestHeadersToRemove() != null) {
            merge(modifier(rule, "RequestHeaderModifier"), headers.requestHeadersToAdd(), headers.requestHeadersToRemove());
            applied.add("headerManipulation (request)");
        }
        if (headers.responseHeadersToAdd() != null || headers.responseHeadersToRemove() != null) {
            merge(modifier(rule, "ResponseHeaderModifier"), headers.responseHeadersToAdd(), headers.responseHeadersToRemove());
            applied.add("headerManipulation (response)");
        }
    }

    /** The rule's own modifier of that type, or a new one appended to its filters. */
    private static HTTPHeaderFilter modifier(HTTPRouteRule rule, String type) {
        for (HTTPRouteFilter filter : rule.getFilters()) {
            if (filter != null && type.equals(filter.getType())) {
                HTTPHeaderFilter existing = type.equals("RequestHeaderModifier")
                        ? filter.getRequestHeaderModifier() : filter.getResponseHeaderModifier();
                if (existing != null) {
                    return existing;
                }
            }
        }
        HTTPHeaderFilter created = new HTTPHeaderFilter(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        HTTPRouteFilter filter = new HTTPRouteFilter();
        filter.setType(type);
        if (type.equals("RequestHeaderModifier")) {
            filter.setRequestHeaderModifier(created);
        } else {
            filter.setResponseHeaderModifier(created);
        }
        rule.getFilters().add(filter);
        return created;
    }

    private static void merge(HTTPHeaderFilter target, List<HeaderManipulation.HeaderValueOption> toAdd,
            List<String> toRemove) {
        List<HTTPHeader> set = target.getSet() == null ? new ArrayList<>() : new ArrayList<>(target.getSet());
        List<HTTPHeader> add = target.getAdd() == null ? new ArrayList<>() : new ArrayList<>(target.getAdd());
        List<String> remove = target.getRemove() == null ? new ArrayList<>() : new ArrayList<>(target.getRemove());
        for (HeaderManipulation.HeaderValueOption option : toAdd == null ? List.<HeaderManipulation.HeaderValueOption>of() : toAdd) {
            if (option == null || option.header() == null) {
                continue;
            }
            HTTPHeader header = new HTTPHeader(option.header().key(), option.header().value());
            (Boolean.FALSE.equals(option.append()) ? set : add).add(header);
        }
        if (toRemove != null) {
            remove.addAll(toRemove);
        }
        target.setSet(set);
        target.setAdd(add);
        target.setRemove(remove);
    }

    private static void timeouts(RouteOptions options, HTTPRouteRule rule, List<String> applied, List<String> ignored) {
        Optional<String> request = Optional.ofNullable(options.timeout()).map(value -> duration("timeout", value));
        Optional<String> perTry = Optional.ofNullable(options.retries()).map(RetryPolicy::perTryTimeout)
                .map(value -> duration("retries.perTryTimeout", value));
        if (request.isEmpty() && perTry.isEmpty()) {
            return;
        }
        HTTPRouteTimeouts timeouts = rule.getTimeouts() == null ? new HTTPRouteTimeouts() : rule.getTimeouts();
        if (request.isPresent()) {
            if (timeouts.getRequest() == null) {
                timeouts.setRequest(request.get());
                applied.add("timeout");
            } else {
                ignored.add("timeout (the rule sets timeouts.request)");
            }
        }
        if (perTry.isPresent()) {
            if (timeouts.getBackendRequest() == null) {
                timeouts.setBackendRequest(perTry.get());
                applied.add("retries.perTryTimeout");
            } else {
                ignored.add("retries.perTryTimeout (the rule sets timeouts.backendRequest)");
            }
        }
        rule.setTimeouts(timeouts);
    }

    private static void retries(RetryPolicy retries, HTTPRouteRule rule, List<String> applied, List<String> ignored) {
        if (retries == null || (retries.numRetries() == null && retries.retryBackOff() == null && retries.retryOn() == null)) {
            return;
        }
        if (retries.retryBackOff() != null && retries.retryBackOff().baseInterval() == null
                && retries.retryBackOff().maxInterval() != null) {
            throw new IllegalArgumentException("retries.retryBackOff: maxInterval needs a baseInterval");
        }
        if (rule.getRetry() != null) {
            ignored.add("retries (the rule sets retry)");
            return;
        }
        HTTPRouteRetry retry = new HTTPRouteRetry();
        retry.setAttempts(retries.numRetries());
        if (retries.retryBackOff() != null && retries.retryBackOff().baseInterval() != null) {
            retry.setBackoff(duration("retries.retryBackOff.baseInterval", retries.retryBackOff().baseInterval()));
        }
        // retries.retryOn and retries.retryBackOff.maxInterval have no Gateway API field: RetryOnFeature
        // reads them from the carried options
        rule.setRetry(retry);
        applied.add("retries");
    }

    private static void rewrites(RouteOptions options, HTTPRouteRule rule, List<String> applied) {
        if (options.hostRewrite() == null && options.prefixRewrite() == null) {
            return;
        }
        HTTPURLRewriteFilter rewrite = new HTTPURLRewriteFilter();
        rewrite.setHostname(options.hostRewrite());
        if (options.prefixRewrite() != null) {
            HTTPPathModifier path = new HTTPPathModifier();
            path.setType("ReplacePrefixMatch");
            path.setReplacePrefixMatch(options.prefixRewrite());
            rewrite.setPath(path);
        }
        HTTPRouteFilter filter = new HTTPRouteFilter();
        filter.setType("URLRewrite");
        filter.setUrlRewrite(rewrite);
        // a URLRewrite of the rule's own makes two, which the filter checks refuse: the rule says which one it means
        rule.getFilters().add(filter);
        if (options.hostRewrite() != null) {
            applied.add("hostRewrite");
        }
        if (options.prefixRewrite() != null) {
            applied.add("prefixRewrite");
        }
    }

    /**
     * A RouteOption duration ({@code 1.5s}, {@code 250ms}, {@code 1m30s}) as a Gateway API duration
     * ({@code 1s500ms}), which has no fractions.
     */
    /** A RouteOption duration in whole seconds (throws naming {@code field} when malformed). */
    static long durationSeconds(String field, String value) {
        return OptionDurations.parse(field, value).toSeconds();
    }

    static String duration(String field, String value) {
        long millis = OptionDurations.parse(field, value).toMillis();
        StringBuilder result = new StringBuilder();
        long rest = millis;
        long[] units = {3_600_000, 60_000, 1_000, 1};
        String[] names = {"h", "m", "s", "ms"};
        for (int i = 0; i < units.length; i++) {
            long amount = rest / units[i];
            rest %= units[i];
            if (amount > 0) {
                result.append(amount).append(names[i]);
            }
        }
        return result.isEmpty() ? "0s" : result.toString();
    }
}
