package dev.gantry.translator.envoy.filters;

import static dev.gantry.translator.envoy.filters.FilterFixtures.HTTP_80;
import static dev.gantry.translator.envoy.filters.FilterFixtures.RESOLVER;
import static dev.gantry.translator.envoy.filters.FilterFixtures.exactHalf;
import static dev.gantry.translator.envoy.filters.FilterFixtures.prefixHalf;
import static dev.gantry.translator.envoy.filters.FilterFixtures.rule;
import static dev.gantry.translator.envoy.filters.FilterFixtures.weighted;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Duration;
import com.google.protobuf.InvalidProtocolBufferException;
import io.envoyproxy.envoy.config.core.v3.HeaderValueOption;
import io.envoyproxy.envoy.config.core.v3.HeaderValueOption.HeaderAppendAction;
import io.envoyproxy.envoy.config.route.v3.DirectResponseAction;
import io.envoyproxy.envoy.config.route.v3.FilterConfig;
import io.envoyproxy.envoy.config.route.v3.RedirectAction;
import io.envoyproxy.envoy.config.route.v3.RedirectAction.RedirectResponseCode;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteAction.RequestMirrorPolicy;
import io.envoyproxy.envoy.config.route.v3.RouteMatch;
import io.envoyproxy.envoy.extensions.filters.http.cors.v3.CorsPolicy;
import io.envoyproxy.envoy.type.v3.FractionalPercent.DenominatorType;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class HttpRouteFiltersTest {

    private final HttpRouteFilters filters = new HttpRouteFilters();

    private Route applied(HTTPRouteRule rule, Route.Builder route) {
        return applied(rule, HTTP_80, route);
    }

    private Route applied(HTTPRouteRule rule, ListenerContext listener, Route.Builder route) {
        FilterOutcome outcome = filters.apply(rule, RESOLVER, listener, route);
        assertThat(outcome.problems()).isEmpty();
        return route.build();
    }

    private FilterOutcome invalid(String yaml) {
        Route.Builder route = prefixHalf("/p", "svc_8080");
        FilterOutcome outcome = filters.apply(rule(yaml), RESOLVER, HTTP_80, route);
        assertThat(outcome.ruleInvalid()).as("rule invalid").isTrue();
        assertThat(route.getDirectResponse()).isEqualTo(DirectResponseAction.newBuilder().setStatus(500).build());
        assertThat(route.getRequestHeadersToAddList()).isEmpty();
        return outcome;
    }

    private static String header(HeaderValueOption option) {
        return option.getHeader().getKey() + "=" + option.getHeader().getValue() + " " + option.getAppendAction();
    }

    @Nested
    class HeaderModifiers {

        @Test
        void setAddAndRemoveRequestHeaders() {
            Route route = applied(rule("""
                    filters:
                    - type: RequestHeaderModifier
                      requestHeaderModifier:
                        set: [{name: X-Header-Set, value: set-overwrites-values}]
                        add: [{name: X-Header-Add, value: header-val-1}, {name: X-Header-Add-Append, value: header-val-2}]
                        remove: [X-Header-Remove]
                    """), prefixHalf("/p", "svc_8080"));

            assertThat(route.getRequestHeadersToAddList()).extracting(HttpRouteFiltersTest::header).containsExactly(
                    "X-Header-Set=set-overwrites-values OVERWRITE_IF_EXISTS_OR_ADD",
                    "X-Header-Add=header-val-1 APPEND_IF_EXISTS_OR_ADD",
                    "X-Header-Add-Append=header-val-2 APPEND_IF_EXISTS_OR_ADD");
            assertThat(route.getRequestHeadersToRemoveList()).containsExactly("X-Header-Remove");
            assertThat(route.getRoute().getCluster()).isEqualTo("svc_8080");
        }

        @Test
        void responseHeadersGoToTheResponseLists() {
            Route route = applied(rule("""
                    filters:
                    - type: ResponseHeaderModifier
                      responseHeaderModifier:
                        set: [{name: X-Header-Set, value: set-overwrites-values}]
                        add: [{name: X-Header-Add, value: add-appends-values}]
                        remove: [X-Header-Remove]
                    """), prefixHalf("/p", "svc_8080"));

            assertThat(route.getResponseHeadersToAddList()).extracting(HttpRouteFiltersTest::header).containsExactly(
                    "X-Header-Set=set-overwrites-values OVERWRITE_IF_EXISTS_OR_ADD",
                    "X-Header-Add=add-appends-values APPEND_IF_EXISTS_OR_ADD");
            assertThat(route.getResponseHeadersToRemoveList()).containsExactly("X-Header-Remove");
            assertThat(route.getRequestHeadersToAddList()).isEmpty();
        }

        @Test
        void hostPseudoHeadersAndMalformedNamesMakeTheRuleInvalid() {
            assertThat(invalid("""
                    filters:
                    - type: RequestHeaderModifier
                      requestHeaderModifier: {set: [{name: Host, value: evil}]}
                    """).problems()).singleElement().asString().contains("Host cannot be modified");
            invalid("""
                    filters:
                    - type: RequestHeaderModifier
                      requestHeaderModifier: {remove: [":path"]}
                    """);
            invalid("""
                    filters:
                    - type: ResponseHeaderModifier
                      responseHeaderModifier: {add: [{name: "bad header", value: v}]}
                    """);
            invalid("""
                    filters:
                    - type: RequestHeaderModifier
                      requestHeaderModifier: {add: [{name: X-Ok, value: "a\\r\\nX-Injected: 1"}]}
                    """);
            invalid("""
                    filters:
                    - type: RequestHeaderModifier
                    """);
        }
    }

    @Nested
    class RequestRedirects {

        private RedirectAction redirect(String filterYaml, ListenerContext listener) {
            Route route = applied(rule("filters:\n- type: RequestRedirect\n  requestRedirect: " + filterYaml),
                    listener, prefixHalf("/p", "svc_8080"));
            assertThat(route.getActionCase()).isEqualTo(Route.ActionCase.REDIRECT);
            return route.getRedirect();
        }

        @Test
        void portsFollowTheGatewayApiOnPort80() {
            assertThat(redirect("{hostname: example.org}", HTTP_80).getPortRedirect()).isZero();
            assertThat(redirect("{hostname: example.org, port: 80}", HTTP_80).getPortRedirect()).isZero();
            assertThat(redirect("{hostname: example.org, port: 8080}", HTTP_80).getPortRedirect()).isEqualTo(8080);
            RedirectAction https = redirect("{hostname: example.org, scheme: https}", HTTP_80);
            assertThat(https.getSchemeRedirect()).isEqualTo("https");
            assertThat(https.getPortRedirect()).isZero();
            assertThat(redirect("{hostname: example.org, scheme: https, port: 443}", HTTP_80).getPortRedirect()).isZero();
            assertThat(redirect("{hostname: example.org, scheme: https, port: 8443}", HTTP_80).getPortRedirect()).isEqualTo(8443);
        }

        @Test
        void aRedirectWithoutSchemeAndPortKeepsTheListenerPort() {
            ListenerContext http8080 = new ListenerContext(8080, false);
            assertThat(redirect("{hostname: example.org}", http8080).getPortRedirect()).isEqualTo(8080);
            assertThat(redirect("{hostname: example.org, port: 80}", http8080).getPortRedirect()).isZero();
            assertThat(redirect("{hostname: example.org, scheme: https}", http8080).getPortRedirect()).isZero();

            ListenerContext https443 = new ListenerContext(443, true);
            assertThat(redirect("{hostname: example.org}", https443).getPortRedirect()).isZero();
            assertThat(redirect("{hostname: example.org, port: 8443}", https443).getPortRedirect()).isEqualTo(8443);
            assertThat(redirect("{hostname: example.org, scheme: http}", https443).getPortRedirect()).isZero();
            assertThat(redirect("{hostname: example.org, scheme: http, port: 8080}", https443).getPortRedirect()).isEqualTo(8080);
        }

        @Test
        void statusCodesMapToEnvoysAndDefaultTo302() {
            assertThat(redirect("{hostname: example.org}", HTTP_80).getResponseCode()).isEqualTo(RedirectResponseCode.FOUND);
            assertThat(redirect("{statusCode: 301}", HTTP_80).getResponseCode()).isEqualTo(RedirectResponseCode.MOVED_PERMANENTLY);
            assertThat(redirect("{statusCode: 303}", HTTP_80).getResponseCode()).isEqualTo(RedirectResponseCode.SEE_OTHER);
            assertThat(redirect("{statusCode: 307}", HTTP_80).getResponseCode()).isEqualTo(RedirectResponseCode.TEMPORARY_REDIRECT);
            assertThat(redirect("{statusCode: 308}", HTTP_80).getResponseCode()).isEqualTo(RedirectResponseCode.PERMANENT_REDIRECT);
            assertThat(invalid("filters: [{type: RequestRedirect, requestRedirect: {statusCode: 404}}]").problems())
                    .singleElement().asString().contains("404");
        }

        @Test
        void pathsAreReplacedWholeOrByPrefix() {
            assertThat(redirect("{path: {type: ReplaceFullPath, replaceFullPath: /full-path-replacement}}", HTTP_80)
                    .getPathRedirect()).isEqualTo("/full-path-replacement");

            HTTPRouteRule prefix = rule("""
                    matches: [{path: {type: PathPrefix, value: /original-prefix}}]
                    filters:
                    - type: RequestRedirect
                      requestRedirect: {path: {type: ReplacePrefixMatch, replacePrefixMatch: /replacement-prefix}}
                    """);
            assertThat(applied(prefix, exactHalf("/original-prefix", "c")).getRedirect().getPrefixRewrite())
                    .isEqualTo("/replacement-prefix");
            assertThat(applied(prefix, prefixHalf("/original-prefix", "c")).getRedirect().getPrefixRewrite())
                    .isEqualTo("/replacement-prefix/");
        }

        @Test
        void aRedirectNeedsNoBackendsAndReplacesTheCallersAction() {
            HTTPRouteRule rule = rule("filters: [{type: RequestRedirect, requestRedirect: {hostname: example.org}}]");
            assertThat(HttpRouteFilters.answersWithoutBackends(rule)).isTrue();

            Route.Builder noAction = Route.newBuilder().setName("r").setMatch(RouteMatch.newBuilder().setPrefix("/"));
            assertThat(applied(rule, noAction).getRedirect().getHostRedirect()).isEqualTo("example.org");
            Route.Builder direct = Route.newBuilder().setName("r").setMatch(RouteMatch.newBuilder().setPrefix("/"))
                    .setDirectResponse(DirectResponseAction.newBuilder().setStatus(500));
            assertThat(applied(rule, direct).getActionCase()).isEqualTo(Route.ActionCase.REDIRECT);
        }

        @Test
        void badValuesMakeTheRuleInvalid() {
            invalid("filters: [{type: RequestRedirect, requestRedirect: {scheme: ftp}}]");
            invalid("filters: [{type: RequestRedirect, requestRedirect: {hostname: 'Not A Host'}}]");
            invalid("filters: [{type: RequestRedirect, requestRedirect: {port: 70000}}]");
            invalid("filters: [{type: RequestRedirect, requestRedirect: {path: {type: ReplaceFullPath, replaceFullPath: 'no-slash'}}}]");
        }
    }

    @Nested
    class UrlRewrite {

        private static final String PREFIX_ONE = """
                matches: [{path: {type: PathPrefix, value: /prefix/one}}]
                filters: [{type: URLRewrite, urlRewrite: {path: {type: ReplacePrefixMatch, replacePrefixMatch: %s}}}]
                backendRefs: [{name: svc, port: 8080}]
                """;

        @Test
        void replacePrefixMatchIsRightForBothHalvesOfAPathPrefix() {
            HTTPRouteRule one = rule(PREFIX_ONE.formatted("/one"));
            // /prefix/one → /one, /prefix/one/two → /one/two
            assertThat(applied(one, exactHalf("/prefix/one", "svc_8080")).getRoute().getPrefixRewrite()).isEqualTo("/one");
            assertThat(applied(one, prefixHalf("/prefix/one", "svc_8080")).getRoute().getPrefixRewrite()).isEqualTo("/one/");

            HTTPRouteRule strip = rule(PREFIX_ONE.formatted("/"));
            // /strip-prefix → /, /strip-prefix/three → /three (not //three)
            assertThat(applied(strip, exactHalf("/prefix/one", "svc_8080")).getRoute().getPrefixRewrite()).isEqualTo("/");
            assertThat(applied(strip, prefixHalf("/prefix/one", "svc_8080")).getRoute().getPrefixRewrite()).isEqualTo("/");

            HTTPRouteRule trailing = rule(PREFIX_ONE.formatted("/xyz/"));
            assertThat(applied(trailing, prefixHalf("/prefix/one", "svc_8080")).getRoute().getPrefixRewrite()).isEqualTo("/xyz/");
        }

        @Test
        void replaceFullPathKeepsTheQueryByRewritingThePathOnly() {
            Route route = applied(rule("""
                    filters: [{type: URLRewrite, urlRewrite: {path: {type: ReplaceFullPath, replaceFullPath: /one}}}]
                    """), prefixHalf("/full/one", "svc_8080"));

            assertThat(route.getRoute().getRegexRewrite().getPattern().getRegex()).isEqualTo("^/.*$");
            assertThat(route.getRoute().getRegexRewrite().getSubstitution()).isEqualTo("/one");
            assertThat(route.getRoute().getPrefixRewrite()).isEmpty();
        }

        @Test
        void hostnameIsRewrittenLiterally() {
            Route route = applied(rule("filters: [{type: URLRewrite, urlRewrite: {hostname: one.example.org}}]"),
                    prefixHalf("/p", "svc_8080"));
            assertThat(route.getRoute().getHostRewriteLiteral()).isEqualTo("one.example.org");
        }

        @Test
        void replacePrefixMatchNeedsPathPrefixMatches() {
            assertThat(invalid("""
                    matches: [{path: {type: Exact, value: /exact}}]
                    filters: [{type: URLRewrite, urlRewrite: {path: {type: ReplacePrefixMatch, replacePrefixMatch: /x}}}]
                    """).problems()).singleElement().asString().contains("PathPrefix");
            Route.Builder regex = prefixHalf("/p", "c").setMatch(RouteMatch.newBuilder()
                    .setSafeRegex(io.envoyproxy.envoy.type.matcher.v3.RegexMatcher.newBuilder().setRegex("/p.*")));
            FilterOutcome outcome = filters.apply(rule("""
                    filters: [{type: URLRewrite, urlRewrite: {path: {type: ReplacePrefixMatch, replacePrefixMatch: /x}}}]
                    """), RESOLVER, HTTP_80, regex);
            assertThat(outcome.ruleInvalid()).isTrue();
        }

        @Test
        void redirectAndRewriteTogetherAreInvalid() {
            assertThat(invalid("""
                    filters:
                    - {type: URLRewrite, urlRewrite: {hostname: a.example.org}}
                    - {type: RequestRedirect, requestRedirect: {hostname: b.example.org}}
                    """).problems()).anySatisfy(p -> assertThat(p).contains("cannot be combined"));
        }
    }

    @Nested
    class RequestMirrors {

        @Test
        void severalMirrorsWithPercentAndFraction() {
            Route route = applied(rule("""
                    filters:
                    - {type: RequestMirror, requestMirror: {backendRef: {name: v2, port: 8080}, percent: 20}}
                    - {type: RequestMirror, requestMirror: {backendRef: {name: v3, namespace: other, port: 8080}, fraction: {numerator: 25, denominator: 50}}}
                    - {type: RequestMirror, requestMirror: {backendRef: {name: v4, port: 8080}}}
                    - {type: RequestMirror, requestMirror: {backendRef: {name: v5, port: 8080}, fraction: {numerator: 3, denominator: 10000}}}
                    """), prefixHalf("/p", "v1_8080"));

            List<RequestMirrorPolicy> mirrors = route.getRoute().getRequestMirrorPoliciesList();
            assertThat(mirrors).extracting(RequestMirrorPolicy::getCluster).containsExactly("v2_8080", "v3_8080", "v4_8080", "v5_8080");
            assertThat(mirrors.get(0).getRuntimeFraction().getDefaultValue().getNumerator()).isEqualTo(20);
            assertThat(mirrors.get(0).getRuntimeFraction().getDefaultValue().getDenominator()).isEqualTo(DenominatorType.HUNDRED);
            assertThat(mirrors.get(1).getRuntimeFraction().getDefaultValue().getNumerator()).isEqualTo(500_000);
            assertThat(mirrors.get(1).getRuntimeFraction().getDefaultValue().getDenominator()).isEqualTo(DenominatorType.MILLION);
            assertThat(mirrors.get(2).hasRuntimeFraction()).as("no percent means always").isFalse();
            assertThat(mirrors.get(3).getRuntimeFraction().getDefaultValue().getDenominator()).isEqualTo(DenominatorType.TEN_THOUSAND);
        }

        @Test
        void anUnresolvedMirrorIsLeftOutButTheRuleStillWorks() {
            Route.Builder route = prefixHalf("/p", "v1_8080");
            FilterOutcome outcome = filters.apply(rule("""
                    filters:
                    - {type: RequestMirror, requestMirror: {backendRef: {name: missing, port: 8080}}}
                    - {type: RequestMirror, requestMirror: {backendRef: {name: v2, port: 8080}}}
                    """), RESOLVER, HTTP_80, route);

            assertThat(outcome.ruleInvalid()).isFalse();
            assertThat(outcome.problems()).singleElement().asString().contains("missing:8080");
            assertThat(route.getRoute().getRequestMirrorPoliciesList()).extracting(RequestMirrorPolicy::getCluster)
                    .containsExactly("v2_8080");
        }

        @Test
        void impossibleSharesAreInvalid() {
            invalid("filters: [{type: RequestMirror, requestMirror: {backendRef: {name: v2, port: 8080}, percent: 101}}]");
            invalid("filters: [{type: RequestMirror, requestMirror: {backendRef: {name: v2, port: 8080}, percent: 5, fraction: {numerator: 1}}}]");
            invalid("filters: [{type: RequestMirror, requestMirror: {backendRef: {name: v2, port: 8080}, fraction: {numerator: 3, denominator: 2}}}]");
            invalid("filters: [{type: RequestMirror, requestMirror: {percent: 5}}]");
        }
    }

    @Nested
    class TimeoutsAndRetries {

        @Test
        void requestAndBackendRequestTimeouts() {
            Route route = applied(rule("timeouts: {request: 400ms, backendRequest: 200ms}"), prefixHalf("/p", "c"));
            assertThat(route.getRoute().getTimeout()).isEqualTo(Duration.newBuilder().setNanos(400_000_000).build());
            assertThat(route.getRoute().getRetryPolicy().getPerTryTimeout()).isEqualTo(Duration.newBuilder().setNanos(200_000_000).build());
            assertThat(route.getRoute().getRetryPolicy().getRetryOn()).as("no retry asked for").isEmpty();

            Route long_ = applied(rule("timeouts: {request: 1h2m3s4ms}"), prefixHalf("/p", "c"));
            assertThat(long_.getRoute().getTimeout()).isEqualTo(Duration.newBuilder().setSeconds(3723).setNanos(4_000_000).build());
        }

        @Test
        void aDisabledBackendTimeoutDisablesEnvoysDefaultRouteTimeoutToo() {
            Route route = applied(rule("timeouts: {backendRequest: 0s}"), prefixHalf("/p", "c"));
            assertThat(route.getRoute().hasTimeout()).isTrue();
            assertThat(route.getRoute().getTimeout()).isEqualTo(Duration.getDefaultInstance());
            assertThat(route.getRoute().hasRetryPolicy()).isFalse();
        }

        @Test
        void badTimeoutsAreInvalid() {
            invalid("timeouts: {request: 1s, backendRequest: 2s}");
            invalid("timeouts: {request: 10}");
            invalid("timeouts: {backendRequest: 1.5s}");
        }

        @Test
        void retryCodesAttemptsAndBackoff() {
            Route route = applied(rule("retry: {codes: [500, 502, 503, 504], attempts: 2, backoff: 100ms}"),
                    prefixHalf("/p", "c"));
            var retry = route.getRoute().getRetryPolicy();
            assertThat(retry.getRetryOn()).isEqualTo("connect-failure,refused-stream,reset,retriable-status-codes");
            assertThat(retry.getRetriableStatusCodesList()).containsExactly(500, 502, 503, 504);
            assertThat(retry.getNumRetries().getValue()).isEqualTo(2);
            assertThat(retry.getRetryBackOff().getBaseInterval()).isEqualTo(Duration.newBuilder().setNanos(100_000_000).build());

            var noCodes = applied(rule("retry: {attempts: 3}\ntimeouts: {backendRequest: 200ms}"), prefixHalf("/p", "c"))
                    .getRoute().getRetryPolicy();
            assertThat(noCodes.getRetryOn()).isEqualTo("connect-failure,refused-stream,reset");
            assertThat(noCodes.getPerTryTimeout()).isEqualTo(Duration.newBuilder().setNanos(200_000_000).build());
        }

        @Test
        void badRetriesAreInvalid() {
            invalid("retry: {codes: [200]}");
            invalid("retry: {attempts: -1}");
            invalid("retry: {backoff: soon}");
        }
    }

    @Nested
    class Cors {

        @Test
        void aCorsFilterBecomesAPerRoutePolicyOfTheCorsHttpFilter() throws InvalidProtocolBufferException {
            Route route = applied(rule("""
                    filters:
                    - type: CORS
                      cors:
                        allowOrigins: ["https://www.foo.com", "https://*.bar.com"]
                        allowMethods: [GET, OPTIONS]
                        allowHeaders: [x-header-1, x-header-2]
                        exposeHeaders: [x-header-3, x-header-4]
                        allowCredentials: true
                        maxAge: 3600
                    """), prefixHalf("/cors-1", "c"));

            FilterConfig wrapper = route.getTypedPerFilterConfigOrThrow(HttpRouteFilters.CORS_FILTER).unpack(FilterConfig.class);
            assertThat(wrapper.getIsOptional()).isTrue();
            CorsPolicy policy = wrapper.getConfig().unpack(CorsPolicy.class);
            assertThat(policy.getAllowMethods()).isEqualTo("GET, OPTIONS");
            assertThat(policy.getAllowHeaders()).isEqualTo("x-header-1, x-header-2");
            assertThat(policy.getExposeHeaders()).isEqualTo("x-header-3, x-header-4");
            assertThat(policy.getMaxAge()).isEqualTo("3600");
            assertThat(policy.getAllowCredentials().getValue()).isTrue();
            assertThat(policy.getAllowOriginStringMatch(0).getExact()).isEqualTo("https://www.foo.com");
            Pattern wildcard = Pattern.compile(policy.getAllowOriginStringMatch(1).getSafeRegex().getRegex());
            assertThat(wildcard.matcher("https://www.bar.com").matches()).isTrue();
            assertThat(wildcard.matcher("https://xpto.www.bar.com").matches()).isTrue();
            assertThat(wildcard.matcher("https://foobar.com").matches()).isFalse();
            assertThat(wildcard.matcher("https://www.barxcom").matches()).isFalse();
            assertThat(HttpRouteFilters.requiredHttpFilters()).extracting(f -> f.getName())
                    .startsWith(HttpRouteFilters.CORS_FILTER);
        }

        @Test
        void anyOriginAndNoCredentials() throws InvalidProtocolBufferException {
            Route route = applied(rule("filters: [{type: CORS, cors: {allowOrigins: ['*'], allowMethods: ['*'], allowCredentials: false}}]"),
                    prefixHalf("/cors-2", "c"));
            CorsPolicy policy = route.getTypedPerFilterConfigOrThrow(HttpRouteFilters.CORS_FILTER)
                    .unpack(FilterConfig.class).getConfig().unpack(CorsPolicy.class);
            assertThat(Pattern.compile(policy.getAllowOriginStringMatch(0).getSafeRegex().getRegex())
                    .matcher("https://foobar.com:12345").matches()).isTrue();
            assertThat(policy.getAllowMethods()).isEqualTo("*");
            assertThat(policy.getAllowCredentials().getValue()).isFalse();
        }

        @Test
        void malformedCorsIsInvalid() {
            invalid("filters: [{type: CORS, cors: {allowOrigins: ['']}}]");
            invalid("filters: [{type: CORS, cors: {allowMethods: ['GET, PUT']}}]");
            invalid("filters: [{type: CORS, cors: {maxAge: -1}}]");
        }
    }

    @Nested
    class UnsupportedAndMalformed {

        @Test
        void extensionRefsAreNotSupportedYet() {
            assertThat(invalid("""
                    filters: [{type: ExtensionRef, extensionRef: {group: gantry.dev, kind: RateLimit, name: limits}}]
                    """).problems()).containsExactly("ExtensionRef gantry.dev/RateLimit limits is not supported yet");
        }

        @Test
        void unknownTypesDuplicatesAndMissingTypesAreInvalid() {
            invalid("filters: [{type: ExternalAuth}]");
            invalid("filters: [{type: Teleport}]");
            invalid("filters: [{requestHeaderModifier: {remove: [a]}}]");
            assertThat(invalid("""
                    filters:
                    - {type: RequestHeaderModifier, requestHeaderModifier: {remove: [a]}}
                    - {type: RequestHeaderModifier, requestHeaderModifier: {remove: [b]}}
                    """).problems()).anySatisfy(p -> assertThat(p).contains("more than once"));
        }

        @Test
        void anInvalidRuleKeepsTheRoutesNameAndMatch() {
            Route.Builder route = prefixHalf("/p", "c");
            filters.apply(rule("filters: [{type: Teleport}]"), RESOLVER, HTTP_80, route);
            assertThat(route.getName()).isEqualTo("r/prefix");
            assertThat(route.getMatch().getPrefix()).isEqualTo("/p/");
            assertThat(route.hasDirectResponse()).isTrue();
        }

        @Test
        void theActionMustComeFirst() {
            Route.Builder route = Route.newBuilder().setName("r").setMatch(RouteMatch.newBuilder().setPrefix("/"));
            assertThatThrownBy(() -> filters.apply(rule("timeouts: {request: 1s}"), RESOLVER, HTTP_80, route))
                    .isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void aRuleWithoutFiltersChangesNothing() {
            Route.Builder route = weighted("/p", "a_1", "b_2");
            Route before = route.build();
            assertThat(filters.apply(rule("backendRefs: [{name: a, port: 1}, {name: b, port: 2}]"), RESOLVER, HTTP_80, route))
                    .isEqualTo(FilterOutcome.ok());
            assertThat(route.build()).isEqualTo(before);
        }

        @Test
        void filtersNeedNoActionWhenTheRuleAlreadyAnswers500() {
            Route.Builder route = prefixHalf("/p", "c").setDirectResponse(DirectResponseAction.newBuilder().setStatus(500));
            FilterOutcome outcome = filters.apply(rule("""
                    filters: [{type: URLRewrite, urlRewrite: {hostname: a.example.org}}]
                    timeouts: {request: 1s}
                    """), RESOLVER, HTTP_80, route);
            assertThat(outcome).isEqualTo(FilterOutcome.ok());
            assertThat(route.getDirectResponse().getStatus()).isEqualTo(500);
        }
    }

    @Nested
    class BackendRefFilters {

        @Test
        void headerModifiersGoOnTheirWeightedCluster() {
            Route route = applied(rule("""
                    backendRefs:
                    - name: a
                      port: 1
                      filters:
                      - {type: RequestHeaderModifier, requestHeaderModifier: {set: [{name: X-Backend, value: a}], remove: [X-Drop]}}
                      - {type: ResponseHeaderModifier, responseHeaderModifier: {add: [{name: X-From, value: a}]}}
                      - {type: URLRewrite, urlRewrite: {hostname: a.internal}}
                    - name: b
                      port: 2
                      filters:
                      - {type: RequestHeaderModifier, requestHeaderModifier: {set: [{name: X-Backend, value: b}]}}
                    - name: c
                      port: 3
                      weight: 0
                      filters: [{type: Teleport}]
                    """), weighted("/p", "a_1", "b_2"));

            var clusters = route.getRoute().getWeightedClusters().getClustersList();
            assertThat(clusters.get(0).getRequestHeadersToAddList()).extracting(HttpRouteFiltersTest::header)
                    .containsExactly("X-Backend=a OVERWRITE_IF_EXISTS_OR_ADD");
            assertThat(clusters.get(0).getRequestHeadersToRemoveList()).containsExactly("X-Drop");
            assertThat(clusters.get(0).getResponseHeadersToAddList()).extracting(HttpRouteFiltersTest::header)
                    .containsExactly("X-From=a APPEND_IF_EXISTS_OR_ADD");
            assertThat(clusters.get(0).getHostRewriteLiteral()).isEqualTo("a.internal");
            assertThat(clusters.get(1).getRequestHeadersToAddList()).extracting(HttpRouteFiltersTest::header)
                    .containsExactly("X-Backend=b OVERWRITE_IF_EXISTS_OR_ADD");
            assertThat(route.getRequestHeadersToAddList()).isEmpty();
        }

        @Test
        void theFiltersOfTheOnlyBackendActOnTheWholeRoute() {
            HTTPRouteRule redirect = rule("""
                    matches: [{path: {type: PathPrefix, value: /prefix}}]
                    backendRefs:
                    - name: v1
                      port: 8080
                      filters: [{type: RequestRedirect, requestRedirect: {path: {type: ReplacePrefixMatch, replacePrefixMatch: /redirected-prefix}}}]
                    """);
            assertThat(HttpRouteFilters.answersWithoutBackends(redirect)).isFalse();
            assertThat(applied(redirect, prefixHalf("/prefix", "v1_8080")).getRedirect().getPrefixRewrite())
                    .isEqualTo("/redirected-prefix/");

            HTTPRouteRule rewrite = rule("""
                    matches: [{path: {type: PathPrefix, value: /full}}]
                    backendRefs:
                    - name: v1
                      port: 8080
                      filters: [{type: URLRewrite, urlRewrite: {path: {type: ReplaceFullPath, replaceFullPath: /rewritten-full}}}]
                    """);
            assertThat(applied(rewrite, exactHalf("/full", "v1_8080")).getRoute().getRegexRewrite().getSubstitution())
                    .isEqualTo("/rewritten-full");
        }

        @Test
        void ruleAndBackendHeaderEditsAddUp() {
            Route route = applied(rule("""
                    filters: [{type: RequestHeaderModifier, requestHeaderModifier: {set: [{name: X-Rule, value: r}]}}]
                    backendRefs:
                    - {name: v1, port: 8080, filters: [{type: RequestHeaderModifier, requestHeaderModifier: {set: [{name: X-Backend, value: b}]}}]}
                    """), prefixHalf("/p", "v1_8080"));
            assertThat(route.getRequestHeadersToAddList()).extracting(o -> o.getHeader().getKey())
                    .containsExactly("X-Rule", "X-Backend");
        }

        @Test
        void whatEnvoyCannotDoPerClusterIsInvalid() {
            Route.Builder route = weighted("/p", "a_1", "b_2");
            FilterOutcome outcome = filters.apply(rule("""
                    backendRefs:
                    - {name: a, port: 1, filters: [{type: URLRewrite, urlRewrite: {path: {type: ReplaceFullPath, replaceFullPath: /x}}}]}
                    - {name: b, port: 2}
                    """), RESOLVER, HTTP_80, route);
            assertThat(outcome.ruleInvalid()).isTrue();
            assertThat(outcome.problems()).singleElement().asString().contains("backendRef a:1");

            Route.Builder twice = prefixHalf("/p", "v1_8080");
            assertThat(filters.apply(rule("""
                    filters: [{type: URLRewrite, urlRewrite: {path: {type: ReplaceFullPath, replaceFullPath: /x}}}]
                    backendRefs:
                    - {name: v1, port: 8080, filters: [{type: URLRewrite, urlRewrite: {path: {type: ReplaceFullPath, replaceFullPath: /y}}}]}
                    """), RESOLVER, HTTP_80, twice).ruleInvalid()).isTrue();
        }
    }
}
