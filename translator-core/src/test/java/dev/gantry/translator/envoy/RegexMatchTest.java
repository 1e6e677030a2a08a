package dev.gantry.translator.envoy;

import static dev.gantry.translator.envoy.TranslationFixtures.BACKENDS;
import static dev.gantry.translator.envoy.TranslationFixtures.CLASS;
import static dev.gantry.translator.envoy.TranslationFixtures.assertValid;
import static dev.gantry.translator.envoy.TranslationFixtures.condition;
import static dev.gantry.translator.envoy.TranslationFixtures.state;
import static dev.gantry.translator.envoy.TranslationFixtures.status;
import static dev.gantry.translator.envoy.TranslationFixtures.translate;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.proto.RouteParentStatus;
import io.envoyproxy.envoy.config.route.v3.Route;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Regular expressions are judged as Envoy judges them (RE2 and its program-size limit) before they reach it. */
class RegexMatchTest {

    private static final String GATEWAY = """
            apiVersion: gateway.networking.k8s.io/v1
            kind: Gateway
            metadata: {namespace: apps, name: gw}
            spec:
              gatewayClassName: gantry
              listeners: [{name: http, port: 80, protocol: HTTP}]
            """;

    @Test
    void matchesEnvoyWouldRefuseAreDroppedWithAClearStatus() {
        TranslationResult result = translate(CLASS, BACKENDS, GATEWAY, """
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata: {namespace: apps, name: r}
                spec:
                  parentRefs: [{name: gw}]
                  rules:
                  - matches: [{path: {type: RegularExpression, value: "(?x)/a b"}}]
                    backendRefs: [{name: web, port: 80}]
                  - matches: [{headers: [{name: x-id, type: RegularExpression, value: "a{1001}"}]}]
                    backendRefs: [{name: web, port: 80}]
                  - matches: [{queryParams: [{name: q, type: RegularExpression, value: "v\\\\Z"}]}]
                    backendRefs: [{name: web, port: 80}]
                  - matches: [{path: {type: RegularExpression, value: "/big/[a-z]{100}"}}]
                    backendRefs: [{name: web, port: 80}]
                  - matches: [{path: {type: RegularExpression, value: "/ok/[a-z]+/v[0-9]+"}}]
                    backendRefs: [{name: web, port: 80}]
                """);
        RouteParentStatus parent = status(result, "HTTPRoute", "apps", "r").getParents(0);
        assertThat(state(parent.getConditionsList(), "Accepted")).isEqualTo("True/Accepted");
        assertThat(state(parent.getConditionsList(), "PartiallyInvalid")).isEqualTo("True/UnsupportedValue");
        assertThat(condition(parent.getConditionsList(), "PartiallyInvalid").getMessage()).startsWith("Dropped Rule")
                .contains("(?x)/a b is not valid RE2 syntax", "invalid repeat count", "invalid escape sequence",
                        "/big/[a-z]{100} is too large for Envoy");

        List<Route> routes = result.gateways().get("apps/gw").routeConfigurations().get(0).getVirtualHosts(0).getRoutesList();
        assertThat(routes).extracting(route -> route.getMatch().getSafeRegex().getRegex())
                .as("only the regex Envoy takes is served").containsExactly("/ok/[a-z]+/v[0-9]+");
        assertValid(result.gateways().get("apps/gw"));
    }

    @Test
    void aGrpcMethodRegexIsJudgedAsTheWholePathEnvoyGets() {
        TranslationResult result = translate(CLASS, BACKENDS, GATEWAY, """
                apiVersion: gateway.networking.k8s.io/v1
                kind: GRPCRoute
                metadata: {namespace: apps, name: g}
                spec:
                  parentRefs: [{name: gw}]
                  rules:
                  - matches: [{method: {type: RegularExpression, service: "pkg\\\\.[A-Za-z]{60}", method: "Get[A-Za-z]{40}"}}]
                    backendRefs: [{name: greeter, port: 9000}]
                  - matches: [{method: {type: RegularExpression, service: "pkg\\\\.Greeter", method: "(?x)Say Hello"}}]
                    backendRefs: [{name: greeter, port: 9000}]
                  - matches: [{method: {type: RegularExpression, service: "pkg\\\\.Greeter", method: "Say.*"}}]
                    backendRefs: [{name: greeter, port: 9000}]
                """);
        RouteParentStatus parent = status(result, "GRPCRoute", "apps", "g").getParents(0);
        assertThat(condition(parent.getConditionsList(), "PartiallyInvalid").getMessage())
                .contains("is too large for Envoy", "(?x)Say Hello is not valid RE2 syntax");
        List<Route> routes = result.gateways().get("apps/gw").routeConfigurations().get(0).getVirtualHosts(0).getRoutesList();
        assertThat(routes).extracting(route -> route.getMatch().getSafeRegex().getRegex())
                .containsExactly("/(?:pkg\\.Greeter)/(?:Say.*)");
    }
}
