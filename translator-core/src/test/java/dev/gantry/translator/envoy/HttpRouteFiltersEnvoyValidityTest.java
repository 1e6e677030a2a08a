package dev.gantry.translator.envoy;

import dev.gantry.translator.validation.EnvoyValidator;
import static dev.gantry.translator.envoy.filters.FilterFixtures.HTTP_80;
import static dev.gantry.translator.envoy.filters.FilterFixtures.RESOLVER;
import static dev.gantry.translator.envoy.filters.FilterFixtures.exactHalf;
import static dev.gantry.translator.envoy.filters.FilterFixtures.prefixHalf;
import static dev.gantry.translator.envoy.filters.FilterFixtures.rule;
import static dev.gantry.translator.envoy.filters.FilterFixtures.weighted;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.gantry.translator.envoy.filters.FilterOutcome;
import dev.gantry.translator.envoy.filters.HttpRouteFilters;
import dev.gantry.translator.envoy.filters.ListenerContext;
import io.envoyproxy.envoy.config.route.v3.FilterConfig;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.extensions.filters.http.cors.v3.Cors;
import io.envoyproxy.envoy.extensions.filters.http.cors.v3.CorsPolicy;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Everything {@link HttpRouteFilters} writes must pass Envoy's validate.rules. The validator does not
 * unpack the CORS types, so the CORS configs are checked on their own.
 */
class HttpRouteFiltersEnvoyValidityTest {

    private static final String CORS_TYPE = "type.googleapis.com/" + Cors.getDescriptor().getFullName();

    @Test
    void everyFilterYieldsARouteEnvoyAccepts() throws InvalidProtocolBufferException {
        String everything = """
                matches: [{path: {type: PathPrefix, value: /p}}]
                filters:
                - type: RequestHeaderModifier
                  requestHeaderModifier:
                    set: [{name: X-Set, value: v}]
                    add: [{name: X-Add, value: ''}]
                    remove: [X-Remove]
                - type: ResponseHeaderModifier
                  responseHeaderModifier: {set: [{name: X-Resp, value: v}], remove: [Server]}
                - type: URLRewrite
                  urlRewrite: {hostname: rewritten.example.org, path: {type: ReplacePrefixMatch, replacePrefixMatch: /}}
                - {type: RequestMirror, requestMirror: {backendRef: {name: m1, port: 80}, percent: 0}}
                - {type: RequestMirror, requestMirror: {backendRef: {name: m2, port: 80}, fraction: {numerator: 1, denominator: 3}}}
                - type: CORS
                  cors: {allowOrigins: ['*', 'https://*.example.org', 'https://a.example.com'], allowMethods: ['*'], maxAge: 0}
                timeouts: {request: 10s, backendRequest: 1s}
                retry: {codes: [503], attempts: 0, backoff: 25ms}
                backendRefs:
                - name: a
                  port: 1
                  filters: [{type: RequestHeaderModifier, requestHeaderModifier: {add: [{name: X-A, value: a}]}}]
                - name: b
                  port: 2
                  filters: [{type: ResponseHeaderModifier, responseHeaderModifier: {remove: [X-B]}}]
                """;
        List<Route.Builder> routes = List.of(exactHalf("/p", "a_1"), prefixHalf("/p", "a_1"), weighted("/p", "a_1", "b_2"));
        for (Route.Builder route : routes) {
            assertValid(rule(everything), HTTP_80, route, false);
        }
        for (String redirect : List.of(
                "{scheme: https, hostname: example.org, port: 8443, statusCode: 308, path: {type: ReplacePrefixMatch, replacePrefixMatch: /new}}",
                "{statusCode: 303, path: {type: ReplaceFullPath, replaceFullPath: /full}}",
                "{}")) {
            assertValid(rule("filters: [{type: RequestRedirect, requestRedirect: " + redirect + "}]"),
                    new ListenerContext(8080, false), prefixHalf("/p", "x"), false);
        }
        assertValid(rule("filters: [{type: URLRewrite, urlRewrite: {path: {type: ReplaceFullPath, replaceFullPath: /x}}}]\n"
                + "timeouts: {backendRequest: 0s}"), HTTP_80, prefixHalf("/", "c"), false);
        assertValid(rule("filters: [{type: Teleport}]"), HTTP_80, prefixHalf("/p", "c"), true);
    }

    @Test
    void theRequiredHttpFiltersFitTheConnectionManager() throws InvalidProtocolBufferException {
        HttpConnectionManager.Builder hcm = XdsConfig.httpConnectionManager("http_80", "rc").toBuilder();
        List<HttpFilter> router = List.copyOf(hcm.getHttpFiltersList());
        hcm.clearHttpFilters().addAllHttpFilters(HttpRouteFilters.requiredHttpFilters()).addAllHttpFilters(router);

        assertThat(EnvoyValidator.shared().validate(hcm.build()))
                .allSatisfy(violation -> assertThat(violation.toString()).contains("packs " + CORS_TYPE));
        for (HttpFilter filter : HttpRouteFilters.requiredHttpFilters()) {
            com.google.protobuf.Message config = switch (filter.getName()) {
                case "envoy.filters.http.cors" -> filter.getTypedConfig().unpack(Cors.class);
                case "envoy.filters.http.fault" -> filter.getTypedConfig()
                        .unpack(io.envoyproxy.envoy.extensions.filters.http.fault.v3.HTTPFault.class);
                case "envoy.filters.http.csrf" -> filter.getTypedConfig()
                        .unpack(io.envoyproxy.envoy.extensions.filters.http.csrf.v3.CsrfPolicy.class);
                case "envoy.filters.http.local_ratelimit" -> filter.getTypedConfig()
                        .unpack(io.envoyproxy.envoy.extensions.filters.http.local_ratelimit.v3.LocalRateLimit.class);
                case "envoy.filters.http.buffer" -> filter.getTypedConfig()
                        .unpack(io.envoyproxy.envoy.extensions.filters.http.buffer.v3.Buffer.class);
                case "envoy.filters.http.lua" -> filter.getTypedConfig()
                        .unpack(io.envoyproxy.envoy.extensions.filters.http.lua.v3.Lua.class);
                default -> throw new AssertionError("a filter this test does not know: " + filter.getName());
            };
            assertThat(EnvoyValidator.shared().validate(config)).as(filter.getName()).isEmpty();
        }
    }

    private static void assertValid(HTTPRouteRule rule, ListenerContext listener,
            Route.Builder route, boolean expectInvalid) throws InvalidProtocolBufferException {
        FilterOutcome outcome = new HttpRouteFilters().apply(rule, RESOLVER, listener, route);
        assertThat(outcome.ruleInvalid()).as("rule invalid: %s", outcome.problems()).isEqualTo(expectInvalid);
        assertThat(outcome.problems().isEmpty()).isEqualTo(!expectInvalid);
        Route built = route.build();
        Any cors = built.getTypedPerFilterConfigMap().get(HttpRouteFilters.CORS_FILTER);
        if (cors != null) {
            CorsPolicy policy = cors.unpack(FilterConfig.class).getConfig().unpack(CorsPolicy.class);
            assertThat(EnvoyValidator.shared().validate(policy)).as("CorsPolicy").isEmpty();
            assertThat(EnvoyValidator.shared().validate(cors.unpack(FilterConfig.class).toBuilder().clearConfig().build())).isEmpty();
        }
        assertThat(EnvoyValidator.shared().validate(built.toBuilder().clearTypedPerFilterConfig().build()))
                .as("route %s", built).isEmpty();
    }
}
