package dev.gantry.translator.envoy;

import static dev.gantry.translator.envoy.TranslationFixtures.BACKENDS;
import static dev.gantry.translator.envoy.TranslationFixtures.CLASS;
import static dev.gantry.translator.envoy.TranslationFixtures.assertValid;
import static dev.gantry.translator.envoy.TranslationFixtures.condition;
import static dev.gantry.translator.envoy.TranslationFixtures.parent;
import static dev.gantry.translator.envoy.TranslationFixtures.state;
import static dev.gantry.translator.envoy.TranslationFixtures.status;
import static dev.gantry.translator.envoy.TranslationFixtures.translate;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.proto.ResourceStatus;
import dev.gantry.translator.features.FeatureSet;
import io.envoyproxy.envoy.config.core.v3.HeaderValueOption;
import io.envoyproxy.envoy.config.route.v3.FilterConfig;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.extensions.filters.http.buffer.v3.BufferPerRoute;
import io.envoyproxy.envoy.extensions.filters.http.cors.v3.CorsPolicy;
import io.envoyproxy.envoy.extensions.filters.http.fault.v3.HTTPFault;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import io.envoyproxy.envoy.type.v3.FractionalPercent;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * RouteOption by targetRefs (to an HTTPRoute, or one named rule with sectionName) and by ExtensionRef:
 * precedence (ExtensionRef over targetRef, the oldest targetRef first, a later policy only fills unset fields),
 * the policy's own status (accepted, orphaned, invalid field), and each option field as Envoy config that passes
 * Envoy's validation rules.
 */
class RouteOptionPoliciesTest {

    private static final String GATEWAY = """
            apiVersion: gateway.networking.k8s.io/v1
            kind: Gateway
            metadata: {namespace: apps, name: gw}
            spec:
              gatewayClassName: gantry
              listeners: [{name: http, port: 80, protocol: HTTP}]
            """;

    private static final String ROUTE = """
            apiVersion: gateway.networking.k8s.io/v1
            kind: HTTPRoute
            metadata: {namespace: apps, name: shop}
            spec:
              parentRefs: [{name: gw}]
              hostnames: [shop.example.com]
              rules:
              - name: cart
                matches: [{path: {type: PathPrefix, value: /cart}}]
                backendRefs: [{name: web, port: 80}]
              - name: pay
                matches: [{path: {type: PathPrefix, value: /pay}}]
                filters: [{type: ExtensionRef, extensionRef: {group: gateway.gantry.dev, kind: RouteOption, name: strict}}]
                backendRefs: [{name: web, port: 80}]
              - backendRefs: [{name: web, port: 80}]
            """;

    private static String option(String name, String created, String targetRefs, String options) {
        return """
                apiVersion: gateway.gantry.dev/v1alpha1
                kind: RouteOption
                metadata: {namespace: apps, name: %s, creationTimestamp: "%s"}
                spec:
                  targetRefs: %s
                  options:
                %s
                """.formatted(name, created, targetRefs, options.indent(4));
    }

    private static final String WHOLE_ROUTE = "[{group: gateway.networking.k8s.io, kind: HTTPRoute, name: shop}]";
    private static final String STRICT = option("strict", "2026-01-01T00:00:00Z", "[]", "timeout: 1s");

    /** The rules of {@link #ROUTE} by their path prefix. */
    private static final List<String> RULES = List.of("/cart", "/pay", "/");

    private static Route rule(TranslationResult result, String prefix) {
        return result.gateways().get("apps/gw").routeConfigurations().get(0).getVirtualHostsList().stream()
                .flatMap(host -> host.getRoutesList().stream())
                .filter(route -> route.getName().contains("/rule" + RULES.indexOf(prefix) + "/"))
                .findFirst().orElseThrow(() -> new AssertionError("no route for " + prefix));
    }

    private static ResourceStatus optionStatus(TranslationResult result, String name) {
        return status(result, "RouteOption", "apps", name);
    }

    // ---- attachment and precedence

    @Test
    void aTargetRefToTheRouteAppliesToEveryRuleAndTheOldestPolicyWinsEachField() {
        TranslationResult result = translate(CLASS, BACKENDS, GATEWAY, ROUTE, STRICT,
                option("newer", "2026-03-01T00:00:00Z", WHOLE_ROUTE, "timeout: 9s\nidleTimeout: 30s"),
                option("older", "2026-02-01T00:00:00Z", WHOLE_ROUTE, "timeout: 2s"));

        Route cart = rule(result, "/cart");
        assertThat(cart.getRoute().getTimeout().getSeconds()).as("the older policy wins timeout").isEqualTo(2);
        assertThat(cart.getRoute().getIdleTimeout().getSeconds()).as("the newer fills idleTimeout").isEqualTo(30);
        assertThat(rule(result, "/").getRoute().getTimeout().getSeconds()).isEqualTo(2);
        assertThat(state(optionStatus(result, "newer").getConditionsList(), "Accepted")).isEqualTo("True/Accepted");
        assertValid(result.gateways().get("apps/gw"));
    }

    @Test
    void anExtensionRefWinsOverTargetRefsWhichFillWhatItLeavesUnset() {
        TranslationResult result = translate(CLASS, BACKENDS, GATEWAY, ROUTE, STRICT,
                option("broad", "2025-01-01T00:00:00Z", WHOLE_ROUTE, "timeout: 7s\nidleTimeout: 20s"));

        Route pay = rule(result, "/pay");
        assertThat(pay.getRoute().getTimeout().getSeconds()).as("ExtensionRef's timeout").isEqualTo(1);
        assertThat(pay.getRoute().getIdleTimeout().getSeconds()).as("filled from the targetRef").isEqualTo(20);
        assertThat(rule(result, "/cart").getRoute().getTimeout().getSeconds()).isEqualTo(7);
    }

    @Test
    void aSectionNameTargetsOneNamedRule() {
        TranslationResult result = translate(CLASS, BACKENDS, GATEWAY, ROUTE, STRICT, option("cart-only",
                "2026-01-01T00:00:00Z", "[{group: gateway.networking.k8s.io, kind: HTTPRoute, name: shop, sectionName: cart}]",
                "timeout: 3s"));

        assertThat(rule(result, "/cart").getRoute().getTimeout().getSeconds()).isEqualTo(3);
        assertThat(rule(result, "/").getRoute().hasTimeout()).isFalse();
    }

    // ---- the policy's status

    @Test
    void aPolicyTargetingNothingIsOrphaned() {
        TranslationResult result = translate(CLASS, BACKENDS, GATEWAY, ROUTE, STRICT, option("lost", "2026-01-01T00:00:00Z",
                "[{group: gateway.networking.k8s.io, kind: HTTPRoute, name: nowhere}, "
                        + "{group: gateway.networking.k8s.io, kind: HTTPRoute, name: shop, sectionName: nosuchrule}]",
                "timeout: 3s"));

        ResourceStatus lost = optionStatus(result, "lost");
        assertThat(state(lost.getConditionsList(), "Accepted")).isEqualTo("False/TargetNotFound");
        assertThat(condition(lost.getConditionsList(), "Accepted").getMessage())
                .contains("orphaned").contains("HTTPRoute apps/nowhere").contains("apps/shop rule nosuchrule");
        assertThat(state(optionStatus(result, "strict").getConditionsList(), "Accepted")).isEqualTo("True/Accepted");
    }

    @Test
    void anInvalidFieldIsNamedInThePolicyStatusAndOnlyItsTargetsAnswer500() {
        TranslationResult result = translate(CLASS, BACKENDS, GATEWAY, ROUTE, STRICT, option("bad", "2026-01-01T00:00:00Z",
                "[{group: gateway.networking.k8s.io, kind: HTTPRoute, name: shop, sectionName: cart}]",
                "faults: {abort: {percentage: 150, httpStatus: 503}}"));

        ResourceStatus bad = optionStatus(result, "bad");
        assertThat(state(bad.getConditionsList(), "Accepted")).isEqualTo("False/Invalid");
        assertThat(condition(bad.getConditionsList(), "Accepted").getMessage())
                .contains("options.faults.abort.percentage: 150.0 is not within 0..100");
        assertThat(rule(result, "/cart").getDirectResponse().getStatus()).isEqualTo(500);
        assertThat(rule(result, "/").getRoute().getCluster()).isEqualTo("kube_apps_web_80");
        assertThat(rule(result, "/pay").getRoute().getCluster()).isEqualTo("kube_apps_web_80");
        assertThat(state(parent(status(result, "HTTPRoute", "apps", "shop"), "gw", null).getConditionsList(),
                "PartiallyInvalid")).isEqualTo("True/UnsupportedValue");
    }

    // ---- the features

    private static TranslationResult withOptions(String options) {
        return translate(CLASS, BACKENDS, GATEWAY, ROUTE, STRICT, option("tuned", "2026-01-01T00:00:00Z",
                "[{group: gateway.networking.k8s.io, kind: HTTPRoute, name: shop, sectionName: cart}]", options));
    }

    @Test
    void faultsBecomeThePerRouteConfigOfTheFaultFilterAheadOfTheRouter() throws Exception {
        TranslationResult result = withOptions("""
                faults:
                  abort: {percentage: 12.5, httpStatus: 503}
                  delay: {percentage: 0.0001, fixedDelay: 1.5s}
                """);

        HTTPFault fault = rule(result, "/cart").getTypedPerFilterConfigOrThrow("envoy.filters.http.fault").unpack(HTTPFault.class);
        assertThat(fault.getAbort().getHttpStatus()).isEqualTo(503);
        assertThat(fault.getAbort().getPercentage().getNumerator()).isEqualTo(125_000);
        assertThat(fault.getAbort().getPercentage().getDenominator()).isEqualTo(FractionalPercent.DenominatorType.MILLION);
        assertThat(fault.getDelay().getPercentage().getNumerator()).isEqualTo(1);
        assertThat(fault.getDelay().getFixedDelay().getNanos()).isEqualTo(500_000_000);
        assertThat(rule(result, "/").getTypedPerFilterConfigMap()).doesNotContainKey("envoy.filters.http.fault");
        assertThat(httpFilters(result)).extracting(HttpFilter::getName).containsExactly("envoy.filters.http.cors",
                "envoy.filters.http.csrf", "envoy.filters.http.fault", "envoy.filters.http.local_ratelimit",
                "envoy.filters.http.lua", "envoy.filters.http.buffer", FeatureSet.ROUTER);
        assertThat(state(optionStatus(result, "tuned").getConditionsList(), "Accepted")).isEqualTo("True/Accepted");
        assertValid(result.gateways().get("apps/gw"));
    }

    @Test
    void retriesAndTimeoutsBecomeTheRoutesRetryPolicyAndTimeouts() {
        Route cart = rule(withOptions("""
                timeout: 10s
                idleTimeout: 1m
                retries:
                  retryOn: 5xx,gateway-error
                  numRetries: 3
                  perTryTimeout: 2s
                  retryBackOff: {baseInterval: 100ms, maxInterval: 1s}
                """), "/cart");

        assertThat(cart.getRoute().getTimeout().getSeconds()).isEqualTo(10);
        assertThat(cart.getRoute().getIdleTimeout().getSeconds()).isEqualTo(60);
        assertThat(cart.getRoute().getRetryPolicy().getRetryOn()).isEqualTo("5xx,gateway-error");
        assertThat(cart.getRoute().getRetryPolicy().getNumRetries().getValue()).isEqualTo(3);
        assertThat(cart.getRoute().getRetryPolicy().getPerTryTimeout().getSeconds()).isEqualTo(2);
        assertThat(cart.getRoute().getRetryPolicy().getRetryBackOff().getBaseInterval().getNanos()).isEqualTo(100_000_000);
        assertThat(cart.getRoute().getRetryPolicy().getRetryBackOff().getMaxInterval().getSeconds()).isEqualTo(1);
    }

    @Test
    void anUnknownRetryConditionIsInvalid() {
        TranslationResult result = withOptions("retries: {retryOn: \"5xx,sometimes\", numRetries: 1}");

        assertThat(condition(optionStatus(result, "tuned").getConditionsList(), "Accepted").getMessage())
                .contains("options.retries.retryOn: 'sometimes'");
        assertThat(rule(result, "/cart").getDirectResponse().getStatus()).isEqualTo(500);
    }

    @Test
    void headerManipulationAndRewritesBecomeRouteFields() {
        TranslationResult result = withOptions("""
                headerManipulation:
                  requestHeadersToAdd:
                  - {header: {key: x-set, value: "1"}, append: false}
                  - {header: {key: x-add, value: "2"}}
                  requestHeadersToRemove: [x-drop]
                  responseHeadersToAdd: [{header: {key: x-served-by, value: gantry}}]
                  responseHeadersToRemove: [server]
                regexRewrite: {pattern: {regex: '^/cart/(.*)$'}, substitution: '/basket/\\1'}
                autoHostRewrite: true
                """);
        Route cart = rule(result, "/cart");

        assertThat(cart.getRequestHeadersToAddList()).extracting(HeaderValueOption::getHeader)
                .extracting(header -> header.getKey() + "=" + header.getValue()).containsExactlyInAnyOrder("x-set=1", "x-add=2");
        assertThat(cart.getRequestHeadersToRemoveList()).containsExactly("x-drop");
        assertThat(cart.getResponseHeadersToRemoveList()).containsExactly("server");
        assertThat(cart.getRoute().getRegexRewrite().getPattern().getRegex()).isEqualTo("^/cart/(.*)$");
        assertThat(cart.getRoute().getRegexRewrite().getSubstitution()).isEqualTo("/basket/\\1");
        assertThat(cart.getRoute().getAutoHostRewrite().getValue()).isTrue();
        assertValid(result.gateways().get("apps/gw"));
    }

    @Test
    void prefixAndHostRewritesBecomeRouteFieldsAndAutoHostRewriteWithAHostRewriteIsInvalid() {
        Route cart = rule(withOptions("prefixRewrite: /basket\nhostRewrite: internal.example.com"), "/cart");
        assertThat(cart.getRoute().getPrefixRewrite()).isEqualTo("/basket");
        assertThat(cart.getRoute().getHostRewriteLiteral()).isEqualTo("internal.example.com");

        TranslationResult both = withOptions("hostRewrite: internal.example.com\nautoHostRewrite: true");
        assertThat(rule(both, "/cart").getDirectResponse().getStatus()).isEqualTo(500);
        assertThat(condition(optionStatus(both, "tuned").getConditionsList(), "Accepted").getMessage())
                .contains("autoHostRewrite");
    }

    @Test
    void corsBecomesThePerRouteCorsPolicy() throws Exception {
        TranslationResult result = withOptions("""
                cors:
                  allowOrigin: [https://shop.example.com]
                  allowMethods: [GET, POST]
                  allowHeaders: [x-token]
                  exposeHeaders: [x-trace]
                  maxAge: 1h
                  allowCredentials: true
                """);

        CorsPolicy cors = rule(result, "/cart").getTypedPerFilterConfigOrThrow("envoy.filters.http.cors")
                .unpack(FilterConfig.class).getConfig().unpack(CorsPolicy.class);
        assertThat(cors.getAllowOriginStringMatch(0).getExact()).isEqualTo("https://shop.example.com");
        assertThat(cors.getAllowMethods()).isEqualTo("GET, POST");
        assertThat(cors.getMaxAge()).isEqualTo("3600");
        assertThat(cors.getAllowCredentials().getValue()).isTrue();
        assertValid(result.gateways().get("apps/gw"));
    }

    @Test
    void bufferPerRouteEnablesTheDisabledBufferFilterForItsRoute() throws Exception {
        TranslationResult result = withOptions("bufferPerRoute: {buffer: {maxRequestBytes: 8192}}");

        BufferPerRoute buffer = rule(result, "/cart").getTypedPerFilterConfigOrThrow("envoy.filters.http.buffer")
                .unpack(FilterConfig.class).getConfig().unpack(BufferPerRoute.class);
        assertThat(buffer.getBuffer().getMaxRequestBytes().getValue()).isEqualTo(8192);
        HttpFilter filter = httpFilters(result).stream().filter(f -> f.getName().equals("envoy.filters.http.buffer"))
                .findFirst().orElseThrow();
        assertThat(filter.getDisabled()).as("inert until a route enables it").isTrue();
        assertValid(result.gateways().get("apps/gw"));

        TranslationResult zero = withOptions("bufferPerRoute: {buffer: {maxRequestBytes: 0}}");
        assertThat(state(optionStatus(zero, "tuned").getConditionsList(), "Accepted")).isEqualTo("False/Invalid");
    }

    @Test
    void csrfBecomesThePerRouteCsrfPolicy() throws Exception {
        TranslationResult result = withOptions("""
                csrf:
                  filterEnabled: {numerator: 50}
                  shadowEnabled: {numerator: 10, denominator: TEN_THOUSAND}
                  additionalOrigins: [{exact: https://app.example.com}, {suffix: .example.com, ignoreCase: true}]
                """);

        io.envoyproxy.envoy.extensions.filters.http.csrf.v3.CsrfPolicy csrf = rule(result, "/cart")
                .getTypedPerFilterConfigOrThrow("envoy.filters.http.csrf").unpack(FilterConfig.class).getConfig()
                .unpack(io.envoyproxy.envoy.extensions.filters.http.csrf.v3.CsrfPolicy.class);
        assertThat(csrf.getFilterEnabled().getDefaultValue().getNumerator()).isEqualTo(500_000);
        assertThat(csrf.getShadowEnabled().getDefaultValue().getNumerator()).isEqualTo(1_000);
        assertThat(csrf.getAdditionalOrigins(0).getExact()).isEqualTo("https://app.example.com");
        assertThat(csrf.getAdditionalOrigins(1).getSuffix()).isEqualTo(".example.com");
        assertThat(csrf.getAdditionalOrigins(1).getIgnoreCase()).isTrue();
        HttpFilter filter = httpFilters(result).stream().filter(f -> f.getName().equals("envoy.filters.http.csrf"))
                .findFirst().orElseThrow();
        assertThat(filter.getTypedConfig().unpack(io.envoyproxy.envoy.extensions.filters.http.csrf.v3.CsrfPolicy.class)
                .getFilterEnabled().getDefaultValue().getNumerator()).as("inert: enforced on 0%").isZero();
        assertValid(result.gateways().get("apps/gw"));

        TranslationResult tooMuch = withOptions("csrf: {filterEnabled: {numerator: 101}}");
        assertThat(condition(optionStatus(tooMuch, "tuned").getConditionsList(), "Accepted").getMessage())
                .contains("options.csrf.filterEnabled");
    }

    @Test
    void aLocalRateLimitBecomesThePerRouteTokenBucketEnabledAndEnforced() throws Exception {
        TranslationResult result = withOptions("ratelimit: {localRatelimit: {maxTokens: 10, tokensPerFill: 5, fillInterval: 2s}}");

        io.envoyproxy.envoy.extensions.filters.http.local_ratelimit.v3.LocalRateLimit limit = rule(result, "/cart")
                .getTypedPerFilterConfigOrThrow("envoy.filters.http.local_ratelimit").unpack(FilterConfig.class).getConfig()
                .unpack(io.envoyproxy.envoy.extensions.filters.http.local_ratelimit.v3.LocalRateLimit.class);
        assertThat(limit.getTokenBucket().getMaxTokens()).isEqualTo(10);
        assertThat(limit.getTokenBucket().getTokensPerFill().getValue()).isEqualTo(5);
        assertThat(limit.getTokenBucket().getFillInterval().getSeconds()).isEqualTo(2);
        assertThat(limit.getFilterEnabled().getDefaultValue().getNumerator()).isEqualTo(100);
        assertThat(limit.getFilterEnforced().getDefaultValue().getNumerator()).isEqualTo(100);
        assertValid(result.gateways().get("apps/gw"));

        TranslationResult tooFast = withOptions("ratelimit: {localRatelimit: {maxTokens: 10, fillInterval: 10ms}}");
        assertThat(condition(optionStatus(tooFast, "tuned").getConditionsList(), "Accepted").getMessage())
                .contains("options.ratelimit.localRatelimit.fillInterval");
        assertThat(rule(tooFast, "/cart").getDirectResponse().getStatus()).isEqualTo(500);
    }

    private static List<HttpFilter> httpFilters(TranslationResult result) {
        try {
            return result.gateways().get("apps/gw").listeners().get(0).getFilterChains(0).getFilters(0).getTypedConfig()
                    .unpack(HttpConnectionManager.class).getHttpFiltersList();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
