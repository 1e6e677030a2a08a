package dev.gantry.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Any;
import com.google.protobuf.BoolValue;
import com.google.protobuf.UInt32Value;
import dev.gantry.conformance.HttpOutcome.BackendCall;
import dev.gantry.conformance.HttpOutcome.ConnectionRefused;
import dev.gantry.conformance.HttpOutcome.DirectResponse;
import dev.gantry.conformance.HttpOutcome.Forward;
import dev.gantry.conformance.HttpOutcome.NoRoute;
import dev.gantry.conformance.HttpOutcome.Redirect;
import dev.gantry.translator.envoy.EnvoyResources;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.Address;
import io.envoyproxy.envoy.config.core.v3.DataSource;
import io.envoyproxy.envoy.config.core.v3.HeaderValue;
import io.envoyproxy.envoy.config.core.v3.HeaderValueOption;
import io.envoyproxy.envoy.config.core.v3.HeaderValueOption.HeaderAppendAction;
import io.envoyproxy.envoy.config.core.v3.RuntimeFractionalPercent;
import io.envoyproxy.envoy.config.core.v3.SocketAddress;
import io.envoyproxy.envoy.config.core.v3.TransportSocket;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.endpoint.v3.Endpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LbEndpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LocalityLbEndpoints;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.FilterChainMatch;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.DirectResponseAction;
import io.envoyproxy.envoy.config.route.v3.HeaderMatcher;
import io.envoyproxy.envoy.config.route.v3.QueryParameterMatcher;
import io.envoyproxy.envoy.config.route.v3.RedirectAction;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteAction;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.RouteMatch;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.envoyproxy.envoy.config.route.v3.WeightedCluster;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.Rds;
import io.envoyproxy.envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.CertificateValidationContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.CommonTlsContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext;
import io.envoyproxy.envoy.type.matcher.v3.RegexMatchAndSubstitute;
import io.envoyproxy.envoy.type.matcher.v3.RegexMatcher;
import io.envoyproxy.envoy.type.matcher.v3.StringMatcher;
import io.envoyproxy.envoy.type.v3.FractionalPercent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The evaluator against hand-written Envoy configuration: it judges the translator, so it must be right itself. */
class EnvoyRouteEvaluatorTest {

    private static final String V1 = "kube_ns_v1_8080";
    private static final String V2 = "kube_ns_v2_8080";

    // ------------------------------------------------------------------ builders

    private static Route route(String name, RouteMatch.Builder match, String cluster) {
        return Route.newBuilder().setName(name).setMatch(match)
                .setRoute(RouteAction.newBuilder().setCluster(cluster)).build();
    }

    private static RouteMatch.Builder prefix(String prefix) {
        return RouteMatch.newBuilder().setPrefix(prefix);
    }

    private static VirtualHost vhost(String name, List<String> domains, Route... routes) {
        return VirtualHost.newBuilder().setName(name).addAllDomains(domains).addAllRoutes(List.of(routes)).build();
    }

    private static EnvoyResources resources(RouteConfiguration configuration) {
        return resources(List.of(httpListener(80, configuration.getName())), configuration);
    }

    private static EnvoyResources resources(List<Listener> listeners, RouteConfiguration... configurations) {
        return new EnvoyResources(listeners, List.of(), List.of(configurations),
                List.of(cluster(V1), cluster(V2), cluster("kube_ns_empty_80")),
                List.of(assignment(V1, true), assignment(V2, true), assignment("kube_ns_empty_80", false)), List.of());
    }

    private static Listener httpListener(int port, String rds) {
        return Listener.newBuilder().setName("listener~" + port)
                .setAddress(Address.newBuilder().setSocketAddress(SocketAddress.newBuilder().setPortValue(port)))
                .addFilterChains(FilterChain.newBuilder().addFilters(hcm(rds)))
                .build();
    }

    private static Filter hcm(String rds) {
        return Filter.newBuilder().setName("envoy.filters.network.http_connection_manager")
                .setTypedConfig(Any.pack(HttpConnectionManager.newBuilder().setStatPrefix("http")
                        .setStripAnyHostPort(true)
                        .setRds(Rds.newBuilder().setRouteConfigName(rds)).build()))
                .build();
    }

    private static Cluster cluster(String name) {
        return Cluster.newBuilder().setName(name).build();
    }

    private static ClusterLoadAssignment assignment(String name, boolean withEndpoint) {
        ClusterLoadAssignment.Builder assignment = ClusterLoadAssignment.newBuilder().setClusterName(name);
        if (withEndpoint) {
            assignment.addEndpoints(LocalityLbEndpoints.newBuilder().addLbEndpoints(LbEndpoint.newBuilder()
                    .setEndpoint(Endpoint.newBuilder().setAddress(Address.newBuilder().setSocketAddress(
                            SocketAddress.newBuilder().setAddress("10.0.0.1").setPortValue(3000))))));
        }
        return assignment.build();
    }

    private static HeaderValueOption add(String name, String value, HeaderAppendAction action) {
        return HeaderValueOption.newBuilder().setHeader(HeaderValue.newBuilder().setKey(name).setValue(value))
                .setAppendAction(action).build();
    }

    private static HttpOutcome evaluate(RouteConfiguration configuration, HttpRequest request) {
        return new EnvoyRouteEvaluator(resources(configuration)).evaluate(request);
    }

    private static BackendCall single(HttpOutcome outcome) {
        assertThat(outcome).isInstanceOf(Forward.class);
        List<BackendCall> calls = ((Forward) outcome).reachable();
        assertThat(calls).hasSize(1);
        return calls.get(0);
    }

    private static String clusterOf(RouteConfiguration configuration, HttpRequest request) {
        return single(evaluate(configuration, request)).cluster();
    }

    // ------------------------------------------------------------------ tests

    @Nested
    class VirtualHostSelection {

        private final RouteConfiguration configuration = RouteConfiguration.newBuilder().setName("route~80")
                .addVirtualHosts(vhost("any", List.of("*"), route("any", prefix("/"), "kube_ns_any_80")))
                .addVirtualHosts(vhost("suffix-short", List.of("*.com"), route("short", prefix("/"), "kube_ns_short_80")))
                .addVirtualHosts(vhost("suffix-long", List.of("*.example.com"), route("long", prefix("/"), "kube_ns_long_80")))
                .addVirtualHosts(vhost("prefix", List.of("foo.*"), route("prefix", prefix("/"), "kube_ns_prefix_80")))
                .addVirtualHosts(vhost("exact", List.of("a.example.com"), route("exact", prefix("/"), "kube_ns_exact_80")))
                .build();

        @Test
        void exactBeatsWildcardsAndIgnoresCaseAndPort() {
            assertThat(clusterOf(configuration, HttpRequest.get(80, "A.Example.COM:80", "/"))).isEqualTo("kube_ns_exact_80");
        }

        @Test
        void longestSuffixWildcardWins() {
            assertThat(clusterOf(configuration, HttpRequest.get(80, "b.example.com", "/"))).isEqualTo("kube_ns_long_80");
            assertThat(clusterOf(configuration, HttpRequest.get(80, "deep.b.example.com", "/"))).isEqualTo("kube_ns_long_80");
            assertThat(clusterOf(configuration, HttpRequest.get(80, "other.com", "/"))).isEqualTo("kube_ns_short_80");
        }

        @Test
        void suffixWildcardNeedsAtLeastOneCharacter() {
            // ".example.com" is what "*.example.com" leaves after the star, not a match for the star.
            assertThat(clusterOf(configuration, HttpRequest.get(80, "example.com", "/"))).isEqualTo("kube_ns_short_80");
        }

        @Test
        void suffixBeatsPrefixWildcardAndPrefixBeatsAny() {
            assertThat(clusterOf(configuration, HttpRequest.get(80, "foo.com", "/"))).isEqualTo("kube_ns_short_80");
            assertThat(clusterOf(configuration, HttpRequest.get(80, "foo.org", "/"))).isEqualTo("kube_ns_prefix_80");
            assertThat(clusterOf(configuration, HttpRequest.get(80, "bar.org", "/"))).isEqualTo("kube_ns_any_80");
        }

        @Test
        void noVirtualHostIs404() {
            RouteConfiguration onlyExact = RouteConfiguration.newBuilder().setName("route~80")
                    .addVirtualHosts(vhost("exact", List.of("a.example.com"), route("exact", prefix("/"), V1))).build();
            HttpOutcome outcome = evaluate(onlyExact, HttpRequest.get(80, "b.example.com", "/"));
            assertThat(outcome).isInstanceOf(NoRoute.class);
            assertThat(outcome.status()).isEqualTo(404);
        }

        @Test
        void withoutPortStrippingThePortTakesPartInMatching() {
            Listener keepsPort = Listener.newBuilder().setName("listener~80")
                    .setAddress(Address.newBuilder().setSocketAddress(SocketAddress.newBuilder().setPortValue(80)))
                    .addFilterChains(FilterChain.newBuilder().addFilters(Filter.newBuilder().setName("hcm")
                            .setTypedConfig(Any.pack(HttpConnectionManager.newBuilder().setStatPrefix("http")
                                    .setRds(Rds.newBuilder().setRouteConfigName("route~80")).build()))))
                    .build();
            RouteConfiguration exactOnly = RouteConfiguration.newBuilder().setName("route~80")
                    .addVirtualHosts(vhost("exact", List.of("a.example.com"), route("exact", prefix("/"), V1))).build();
            EnvoyRouteEvaluator envoy = new EnvoyRouteEvaluator(resources(List.of(keepsPort), exactOnly));
            assertThat(envoy.evaluate(HttpRequest.get(80, "a.example.com:8080", "/"))).isInstanceOf(NoRoute.class);

            // ignore_port_in_host_matching: matched without the port, forwarded with it.
            EnvoyRouteEvaluator ignoring = new EnvoyRouteEvaluator(resources(List.of(keepsPort),
                    exactOnly.toBuilder().setIgnorePortInHostMatching(true).build()));
            assertThat(single(ignoring.evaluate(HttpRequest.get(80, "a.example.com:8080", "/"))).host())
                    .isEqualTo("a.example.com:8080");
        }

        @Test
        void stripAnyHostPortAlsoStripsTheUpstreamHost() {
            RouteConfiguration exactOnly = RouteConfiguration.newBuilder().setName("route~80")
                    .addVirtualHosts(vhost("exact", List.of("a.example.com"), route("exact", prefix("/"), V1))).build();
            assertThat(single(evaluate(exactOnly, HttpRequest.get(80, "a.example.com:8080", "/"))).host())
                    .isEqualTo("a.example.com");
        }

        @Test
        void duplicateDomainsAreRejectedLikeEnvoyDoes() {
            RouteConfiguration duplicate = RouteConfiguration.newBuilder().setName("route~80")
                    .addVirtualHosts(vhost("a", List.of("x.com"), route("a", prefix("/"), V1)))
                    .addVirtualHosts(vhost("b", List.of("X.com"), route("b", prefix("/"), V2))).build();
            assertThatThrownBy(() -> evaluate(duplicate, HttpRequest.get(80, "x.com", "/")))
                    .isInstanceOf(EnvoyRouteEvaluator.InvalidEnvoyConfigException.class)
                    .hasMessageContaining("x.com");
        }
    }

    @Nested
    class RouteMatching {

        private RouteConfiguration table(Route... routes) {
            return RouteConfiguration.newBuilder().setName("route~80")
                    .addVirtualHosts(vhost("any", List.of("*"), routes)).build();
        }

        @Test
        void firstMatchingRouteWinsNotTheLongest() {
            RouteConfiguration configuration = table(route("short", prefix("/"), V1), route("long", prefix("/foo"), V2));
            assertThat(clusterOf(configuration, HttpRequest.get(80, "h", "/foo"))).isEqualTo(V1);
        }

        @Test
        void prefixIsCharacterWiseAndSeesTheQuery() {
            RouteConfiguration configuration = table(route("q", prefix("/a?x"), V2), route("p", prefix("/foo"), V1));
            assertThat(clusterOf(configuration, HttpRequest.get(80, "h", "/foobar"))).isEqualTo(V1);
            assertThat(clusterOf(configuration, HttpRequest.get(80, "h", "/a?x=1"))).isEqualTo(V2);
        }

        @Test
        void exactPathIgnoresTheQueryString() {
            RouteConfiguration configuration = table(route("exact", RouteMatch.newBuilder().setPath("/foo"), V1));
            assertThat(clusterOf(configuration, HttpRequest.get(80, "h", "/foo?a=b"))).isEqualTo(V1);
            assertThat(evaluate(configuration, HttpRequest.get(80, "h", "/foo/"))).isInstanceOf(NoRoute.class);
        }

        @Test
        void pathSeparatedPrefixMatchesWholeSegments() {
            RouteConfiguration configuration = table(route("seg",
                    RouteMatch.newBuilder().setPathSeparatedPrefix("/foo"), V1));
            assertThat(clusterOf(configuration, HttpRequest.get(80, "h", "/foo"))).isEqualTo(V1);
            assertThat(clusterOf(configuration, HttpRequest.get(80, "h", "/foo/bar?x"))).isEqualTo(V1);
            assertThat(clusterOf(configuration, HttpRequest.get(80, "h", "/foo?x"))).isEqualTo(V1);
            assertThat(evaluate(configuration, HttpRequest.get(80, "h", "/foobar"))).isInstanceOf(NoRoute.class);
        }

        @Test
        void safeRegexMustMatchTheWholePathWithoutQuery() {
            RouteConfiguration configuration = table(route("re",
                    RouteMatch.newBuilder().setSafeRegex(RegexMatcher.newBuilder().setRegex("/v[0-9]+/.*")), V1));
            assertThat(clusterOf(configuration, HttpRequest.get(80, "h", "/v12/x?q=1"))).isEqualTo(V1);
            assertThat(evaluate(configuration, HttpRequest.get(80, "h", "/api/v12/x"))).isInstanceOf(NoRoute.class);
        }

        @Test
        void caseSensitivityDefaultsToTrueAndCanBeTurnedOff() {
            RouteConfiguration sensitive = table(route("cs", prefix("/Foo"), V1));
            assertThat(evaluate(sensitive, HttpRequest.get(80, "h", "/foo"))).isInstanceOf(NoRoute.class);
            RouteConfiguration insensitive = table(route("ci", prefix("/Foo").setCaseSensitive(BoolValue.of(false)), V1));
            assertThat(clusterOf(insensitive, HttpRequest.get(80, "h", "/foo"))).isEqualTo(V1);
        }

        @Test
        void headerMatchersFollowEnvoy() {
            RouteConfiguration configuration = table(
                    route("exact", prefix("/").addHeaders(HeaderMatcher.newBuilder().setName("version")
                            .setStringMatch(StringMatcher.newBuilder().setExact("two"))), V2),
                    route("regex", prefix("/").addHeaders(HeaderMatcher.newBuilder().setName("color")
                            .setStringMatch(StringMatcher.newBuilder().setSafeRegex(RegexMatcher.newBuilder().setRegex("re+d")))), V2),
                    route("absent", prefix("/").addHeaders(HeaderMatcher.newBuilder().setName("x-gone")
                            .setPresentMatch(true).setInvertMatch(true)), V1));
            assertThat(clusterOf(configuration, HttpRequest.get(80, "h", "/").withHeader("Version", "two"))).isEqualTo(V2);
            assertThat(clusterOf(configuration, HttpRequest.get(80, "h", "/").withHeader("color", "reeed"))).isEqualTo(V2);
            // A regex must match the whole value.
            assertThat(clusterOf(configuration, HttpRequest.get(80, "h", "/").withHeader("color", "dark-red"))).isEqualTo(V1);
            // Repeated headers are matched joined with ",".
            assertThat(clusterOf(configuration, HttpRequest.get(80, "h", "/")
                    .withHeader("version", "two").withHeader("version", "three"))).isEqualTo(V1);
            assertThat(evaluate(configuration, HttpRequest.get(80, "h", "/").withHeader("x-gone", "1")))
                    .isInstanceOf(NoRoute.class);
        }

        @Test
        void missingHeaderFailsAStringMatchEvenInverted() {
            assertThat(EnvoyMatchers.matches(HeaderMatcher.newBuilder().setName("a")
                    .setStringMatch(StringMatcher.newBuilder().setExact("x")).setInvertMatch(true).build(), Optional.empty()))
                    .isFalse();
            assertThat(EnvoyMatchers.matches(HeaderMatcher.newBuilder().setName("a")
                    .setStringMatch(StringMatcher.newBuilder().setExact("x")).setInvertMatch(true).build(), Optional.of("y")))
                    .isTrue();
            assertThat(EnvoyMatchers.matches(HeaderMatcher.newBuilder().setName("a").setPresentMatch(false).build(),
                    Optional.empty())).isTrue();
            assertThat(EnvoyMatchers.matches(HeaderMatcher.newBuilder().setName("a").setTreatMissingHeaderAsEmpty(true)
                    .setStringMatch(StringMatcher.newBuilder().setExact("")).build(), Optional.empty())).isTrue();
        }

        @Test
        void methodIsThePseudoHeader() {
            RouteConfiguration configuration = table(route("post", prefix("/").addHeaders(HeaderMatcher.newBuilder()
                    .setName(":method").setStringMatch(StringMatcher.newBuilder().setExact("POST"))), V2));
            assertThat(clusterOf(configuration, HttpRequest.get(80, "h", "/").withMethod("POST"))).isEqualTo(V2);
            assertThat(evaluate(configuration, HttpRequest.get(80, "h", "/"))).isInstanceOf(NoRoute.class);
        }

        @Test
        void queryParametersUseTheFirstValue() {
            RouteConfiguration configuration = table(route("q", prefix("/").addQueryParameters(QueryParameterMatcher
                    .newBuilder().setName("animal").setStringMatch(StringMatcher.newBuilder().setExact("whale"))), V2));
            assertThat(clusterOf(configuration, HttpRequest.get(80, "h", "/?animal=whale&animal=dolphin"))).isEqualTo(V2);
            assertThat(evaluate(configuration, HttpRequest.get(80, "h", "/?animal=dolphin&animal=whale")))
                    .isInstanceOf(NoRoute.class);
            assertThat(evaluate(configuration, HttpRequest.get(80, "h", "/?Animal=whale"))).isInstanceOf(NoRoute.class);
        }

        @Test
        void grpcMatchNeedsTheGrpcContentType() {
            RouteConfiguration configuration = table(route("g", prefix("/").setGrpc(
                    RouteMatch.GrpcRouteMatchOptions.getDefaultInstance()), V1));
            assertThat(clusterOf(configuration, HttpRequest.get(80, "h", "/svc/M")
                    .withHeader("content-type", "application/grpc+proto"))).isEqualTo(V1);
            assertThat(evaluate(configuration, HttpRequest.get(80, "h", "/svc/M"))).isInstanceOf(NoRoute.class);
        }
    }

    @Nested
    class Actions {

        private RouteConfiguration table(Route route) {
            return RouteConfiguration.newBuilder().setName("route~80")
                    .addVirtualHosts(vhost("any", List.of("*"), route)).build();
        }

        @Test
        void weightedClustersGiveEveryCandidateWithItsOwnHeaders() {
            Route route = Route.newBuilder().setName("w").setMatch(prefix("/"))
                    .setRoute(RouteAction.newBuilder().setWeightedClusters(WeightedCluster.newBuilder()
                            .addClusters(WeightedCluster.ClusterWeight.newBuilder().setName(V1).setWeight(UInt32Value.of(70))
                                    .addRequestHeadersToAdd(add("x-backend", "one", HeaderAppendAction.OVERWRITE_IF_EXISTS_OR_ADD)))
                            .addClusters(WeightedCluster.ClusterWeight.newBuilder().setName(V2).setWeight(UInt32Value.of(30)))
                            .addClusters(WeightedCluster.ClusterWeight.newBuilder().setName("kube_ns_empty_80")
                                    .setWeight(UInt32Value.of(0)))))
                    .build();
            Forward forward = (Forward) evaluate(table(route), HttpRequest.get(80, "h", "/"));
            assertThat(forward.reachable()).extracting(BackendCall::cluster).containsExactly(V1, V2);
            assertThat(forward.reachable()).extracting(BackendCall::weight).containsExactly(70L, 30L);
            assertThat(forward.reachable().get(0).headers().joined("x-backend")).contains("one");
            assertThat(forward.reachable().get(1).headers().has("x-backend")).isFalse();
            assertThat(forward.reachable().get(0).service()).contains(new HttpOutcome.ServiceRef("ns", "v1", 8080));
            // weight 0 never receives traffic, so its missing endpoints do not matter
            assertThat(forward.status()).isEqualTo(200);
        }

        @Test
        void unknownClusterOrNoEndpointsIs503() {
            assertThat(evaluate(table(route("x", prefix("/"), "kube_ns_missing_80")), HttpRequest.get(80, "h", "/")).status())
                    .isEqualTo(503);
            assertThat(evaluate(table(route("x", prefix("/"), "kube_ns_empty_80")), HttpRequest.get(80, "h", "/")).status())
                    .isEqualTo(503);
        }

        @Test
        void directResponse() {
            Route route = Route.newBuilder().setName("d").setMatch(prefix("/"))
                    .setDirectResponse(DirectResponseAction.newBuilder().setStatus(500)).build();
            HttpOutcome outcome = evaluate(table(route), HttpRequest.get(80, "h", "/"));
            assertThat(outcome).isInstanceOf(DirectResponse.class);
            assertThat(outcome.status()).isEqualTo(500);
        }

        @Test
        void redirectBuildsTheLocationLikeEnvoy() {
            Route https = Route.newBuilder().setName("r").setMatch(prefix("/"))
                    .setRedirect(RedirectAction.newBuilder().setSchemeRedirect("https")).build();
            // The HCM strips the port before routing; the scheme changes, so port 80 would be dropped anyway.
            Redirect redirect = (Redirect) evaluate(table(https), HttpRequest.get(80, "example.org:80", "/a?b=c"));
            assertThat(redirect.status()).isEqualTo(301);
            assertThat(redirect.location()).isEqualTo("https://example.org/a?b=c");

            Route everything = Route.newBuilder().setName("r").setMatch(prefix("/old"))
                    .setRedirect(RedirectAction.newBuilder().setHostRedirect("new.example").setPortRedirect(8443)
                            .setPrefixRewrite("/new").setResponseCode(RedirectAction.RedirectResponseCode.FOUND)).build();
            redirect = (Redirect) evaluate(table(everything), HttpRequest.get(80, "example.org", "/old/x?q"));
            assertThat(redirect.status()).isEqualTo(302);
            assertThat(redirect.location()).isEqualTo("http://new.example:8443/new/x?q");

            Route path = Route.newBuilder().setName("r").setMatch(prefix("/"))
                    .setRedirect(RedirectAction.newBuilder().setPathRedirect("/fixed").setStripQuery(true)
                            .setResponseCode(RedirectAction.RedirectResponseCode.PERMANENT_REDIRECT)).build();
            redirect = (Redirect) evaluate(table(path), HttpRequest.get(80, "h", "/any?q=1"));
            assertThat(redirect.status()).isEqualTo(308);
            assertThat(redirect.location()).isEqualTo("http://h/fixed");
        }

        @Test
        void redirectKeepsANonDefaultRequestPortUnlessReplaced() {
            RouteConfiguration configuration = table(Route.newBuilder().setName("r").setMatch(prefix("/"))
                    .setRedirect(RedirectAction.newBuilder().setHostRedirect("x.example")).build());
            // host_redirect replaces host and port of Host; no port_redirect: none in the Location.
            assertThat(((Redirect) evaluate(configuration, HttpRequest.get(80, "h:8080", "/"))).location())
                    .isEqualTo("http://x.example/");
        }

        @Test
        void rewritesAndHostRewrite() {
            Route prefixRewrite = Route.newBuilder().setName("p").setMatch(prefix("/prefix/one"))
                    .setRoute(RouteAction.newBuilder().setCluster(V1).setPrefixRewrite("/one")
                            .setHostRewriteLiteral("rewritten.example")).build();
            BackendCall call = single(evaluate(table(prefixRewrite), HttpRequest.get(80, "h", "/prefix/one/two?x=1")));
            assertThat(call.path()).isEqualTo("/one/two?x=1");
            assertThat(call.host()).isEqualTo("rewritten.example");

            Route regexRewrite = Route.newBuilder().setName("r").setMatch(prefix("/"))
                    .setRoute(RouteAction.newBuilder().setCluster(V1).setRegexRewrite(RegexMatchAndSubstitute.newBuilder()
                            .setPattern(RegexMatcher.newBuilder().setRegex("^/full/(.*)$")).setSubstitution("/one/\\1"))).build();
            call = single(evaluate(table(regexRewrite), HttpRequest.get(80, "h:80", "/full/path?y")));
            assertThat(call.path()).isEqualTo("/one/path?y");
            assertThat(call.host()).isEqualTo("h");
        }

        @Test
        void prefixRewriteOnARegexMatchIsRejected() {
            Route route = Route.newBuilder().setName("p").setMatch(RouteMatch.newBuilder()
                            .setSafeRegex(RegexMatcher.newBuilder().setRegex("/.*")))
                    .setRoute(RouteAction.newBuilder().setCluster(V1).setPrefixRewrite("/x")).build();
            assertThatThrownBy(() -> evaluate(table(route), HttpRequest.get(80, "h", "/a")))
                    .isInstanceOf(EnvoyRouteEvaluator.InvalidEnvoyConfigException.class);
        }

        @Test
        void mirrorsTimeoutAndRetry() {
            Route route = Route.newBuilder().setName("m").setMatch(prefix("/"))
                    .setRoute(RouteAction.newBuilder().setCluster(V1)
                            .setTimeout(com.google.protobuf.Duration.newBuilder().setNanos(500_000_000))
                            .setRetryPolicy(io.envoyproxy.envoy.config.route.v3.RetryPolicy.newBuilder()
                                    .setRetryOn("5xx").setNumRetries(UInt32Value.of(2)))
                            .addRequestMirrorPolicies(RouteAction.RequestMirrorPolicy.newBuilder().setCluster(V2))
                            .addRequestMirrorPolicies(RouteAction.RequestMirrorPolicy.newBuilder().setCluster(V2)
                                    .setRuntimeFraction(RuntimeFractionalPercent.newBuilder().setDefaultValue(
                                            FractionalPercent.newBuilder().setNumerator(2000)
                                                    .setDenominator(FractionalPercent.DenominatorType.TEN_THOUSAND)))))
                    .build();
            Forward forward = (Forward) evaluate(table(route), HttpRequest.get(80, "h", "/"));
            assertThat(forward.mirrors()).extracting(HttpOutcome.Mirror::percent).containsExactly(100.0, 20.0);
            assertThat(forward.mirrors().get(0).service()).contains(new HttpOutcome.ServiceRef("ns", "v2", 8080));
            assertThat(forward.timeout()).contains(Duration.ofMillis(500));
            assertThat(forward.retry()).get().extracting(HttpOutcome.Retry::numRetries).isEqualTo(2);
        }
    }

    @Nested
    class HeaderMutations {

        @Test
        void appendActionsRemovalFirstAndRouteBeforeVirtualHost() {
            Route route = Route.newBuilder().setName("h").setMatch(prefix("/"))
                    .setRoute(RouteAction.newBuilder().setCluster(V1))
                    .addRequestHeadersToRemove("x-remove")
                    .addRequestHeadersToAdd(add("x-append", "2", HeaderAppendAction.APPEND_IF_EXISTS_OR_ADD))
                    .addRequestHeadersToAdd(add("x-set", "new", HeaderAppendAction.OVERWRITE_IF_EXISTS_OR_ADD))
                    .addRequestHeadersToAdd(add("x-absent", "added", HeaderAppendAction.ADD_IF_ABSENT))
                    .addRequestHeadersToAdd(add("x-only-if", "over", HeaderAppendAction.OVERWRITE_IF_EXISTS))
                    .addRequestHeadersToAdd(add("x-remove", "readded", HeaderAppendAction.APPEND_IF_EXISTS_OR_ADD))
                    .addResponseHeadersToAdd(add("x-resp", "r", HeaderAppendAction.OVERWRITE_IF_EXISTS_OR_ADD))
                    .addResponseHeadersToRemove("x-secret")
                    .build();
            VirtualHost virtualHost = VirtualHost.newBuilder().setName("v").addDomains("*").addRoutes(route)
                    .addRequestHeadersToAdd(add("x-set", "vhost", HeaderAppendAction.OVERWRITE_IF_EXISTS_OR_ADD)).build();
            RouteConfiguration configuration = RouteConfiguration.newBuilder().setName("route~80")
                    .addVirtualHosts(virtualHost).build();
            BackendCall call = single(evaluate(configuration, HttpRequest.get(80, "h", "/")
                    .withHeader("x-append", "1").withHeader("X-Set", "old").withHeader("x-remove", "gone")));
            assertThat(call.headers().joined("x-append")).contains("1,2");
            // Least specific last by default: the virtual host overwrites what the route set.
            assertThat(call.headers().joined("x-set")).contains("vhost");
            assertThat(call.headers().joined("x-absent")).contains("added");
            assertThat(call.headers().has("x-only-if")).isFalse();
            assertThat(call.headers().joined("x-remove")).contains("readded");
            Headers response = call.responseHeaders().apply(Headers.of(Map.of("x-secret", "s", "x-resp", "old")));
            assertThat(response.has("x-secret")).isFalse();
            assertThat(response.joined("x-resp")).contains("r");
        }

        @Test
        void pseudoHeadersAndHostCannotBeMutated() {
            Route route = Route.newBuilder().setName("h").setMatch(prefix("/"))
                    .setRoute(RouteAction.newBuilder().setCluster(V1))
                    .addRequestHeadersToAdd(add("Host", "x", HeaderAppendAction.OVERWRITE_IF_EXISTS_OR_ADD)).build();
            RouteConfiguration configuration = RouteConfiguration.newBuilder().setName("route~80")
                    .addVirtualHosts(VirtualHost.newBuilder().setName("v").addDomains("*").addRoutes(route)).build();
            assertThatThrownBy(() -> evaluate(configuration, HttpRequest.get(80, "h", "/")))
                    .isInstanceOf(EnvoyRouteEvaluator.InvalidEnvoyConfigException.class);
        }

        @Test
        void deprecatedAppendFalseOverwrites() {
            HeaderValueOption option = HeaderValueOption.newBuilder()
                    .setHeader(HeaderValue.newBuilder().setKey("a").setValue("2")).setAppend(BoolValue.of(false)).build();
            assertThat(EnvoyRouteEvaluator.mutate(Headers.empty().append("a", "1"), List.of(), List.of(option)).all("a"))
                    .containsExactly("2");
        }
    }

    @Nested
    class Listeners {

        private final RouteConfiguration table = RouteConfiguration.newBuilder().setName("route~443")
                .addVirtualHosts(vhost("any", List.of("*"), route("r", prefix("/"), V1))).build();

        private Listener tlsListener() {
            TransportSocket tls = TransportSocket.newBuilder().setName("envoy.transport_sockets.tls")
                    .setTypedConfig(Any.pack(DownstreamTlsContext.getDefaultInstance())).build();
            return Listener.newBuilder().setName("listener~443")
                    .setAddress(Address.newBuilder().setSocketAddress(SocketAddress.newBuilder().setPortValue(443)))
                    .addFilterChains(FilterChain.newBuilder().setName("exact")
                            .setFilterChainMatch(FilterChainMatch.newBuilder().addServerNames("a.example.com"))
                            .setTransportSocket(tls).addFilters(hcm("route~443")))
                    .addFilterChains(FilterChain.newBuilder().setName("wildcard")
                            .setFilterChainMatch(FilterChainMatch.newBuilder().addServerNames("*.example.com"))
                            .addFilters(Filter.newBuilder().setName("tcp").setTypedConfig(Any.pack(TcpProxy.newBuilder()
                                    .setStatPrefix("tcp").setWeightedClusters(TcpProxy.WeightedCluster.newBuilder()
                                            .addClusters(TcpProxy.WeightedCluster.ClusterWeight.newBuilder().setName(V1).setWeight(1))
                                            .addClusters(TcpProxy.WeightedCluster.ClusterWeight.newBuilder().setName(V2).setWeight(3))
                                    ).build()))))
                    .build();
        }

        @Test
        void noListenerRefusesTheConnection() {
            HttpOutcome outcome = new EnvoyRouteEvaluator(resources(table)).evaluate(HttpRequest.get(8080, "h", "/"));
            assertThat(outcome).isInstanceOf(ConnectionRefused.class);
        }

        @Test
        void sniPicksTheExactChainThenTheWildcardOne() {
            EnvoyRouteEvaluator envoy = new EnvoyRouteEvaluator(resources(List.of(tlsListener()), table));
            assertThat(single(envoy.evaluate(HttpRequest.get(443, "a.example.com", "/").overTls())).cluster()).isEqualTo(V1);
            // plain text on a TLS chain fails the handshake
            assertThat(envoy.evaluate(HttpRequest.get(443, "a.example.com", "/").withSni("a.example.com")))
                    .isInstanceOf(ConnectionRefused.class);
            assertThat(envoy.evaluate(HttpRequest.get(443, "other.org", "/").overTls())).isInstanceOf(ConnectionRefused.class);
            EnvoyRouteEvaluator.StreamOutcome stream = envoy.evaluateStream(443, "b.example.com");
            assertThat(stream.refused()).isEmpty();
            assertThat(stream.reachable()).extracting(EnvoyRouteEvaluator.StreamBackend::weight).containsExactly(1L, 3L);
            assertThat(envoy.evaluateStream(443, "a.example.com").refused()).isPresent();
            assertThat(stream.terminatesTls()).as("no transport socket: passthrough").isFalse();
        }

        @Test
        void theSniChoosesTheChainAndItsTableThenTheHostItsVirtualHost() {
            // Two SNI chains, each with its own table; the Host is matched only within the chain's table.
            RouteConfiguration exact = RouteConfiguration.newBuilder().setName("route~443~exact")
                    .addVirtualHosts(vhost("a", List.of("a.example.com"), route("ra", prefix("/"), V1)))
                    .addVirtualHosts(vhost("other", List.of("*"), Route.newBuilder().setName("gantry~421")
                            .setMatch(prefix("/")).setDirectResponse(DirectResponseAction.newBuilder().setStatus(421)).build()))
                    .build();
            RouteConfiguration any = RouteConfiguration.newBuilder().setName("route~443~any")
                    .addVirtualHosts(vhost("b", List.of("b.example.com"), route("rb", prefix("/"), V2))).build();
            TransportSocket tls = TransportSocket.newBuilder().setName("envoy.transport_sockets.tls")
                    .setTypedConfig(Any.pack(DownstreamTlsContext.getDefaultInstance())).build();
            Listener listener = Listener.newBuilder().setName("listener~443")
                    .setAddress(Address.newBuilder().setSocketAddress(SocketAddress.newBuilder().setPortValue(443)))
                    .addFilterChains(FilterChain.newBuilder().setName("exact")
                            .setFilterChainMatch(FilterChainMatch.newBuilder().addServerNames("a.example.com"))
                            .setTransportSocket(tls).addFilters(hcm("route~443~exact")))
                    .addFilterChains(FilterChain.newBuilder().setName("any").setTransportSocket(tls).addFilters(hcm("route~443~any")))
                    .build();
            EnvoyRouteEvaluator envoy = new EnvoyRouteEvaluator(resources(List.of(listener), exact, any));

            assertThat(single(envoy.evaluate(HttpRequest.get(443, "a.example.com", "/").overTls())).cluster()).isEqualTo(V1);
            assertThat(envoy.evaluate(HttpRequest.get(443, "b.example.com", "/").overTls().withSni("a.example.com")).status())
                    .isEqualTo(421);
            assertThat(envoy.evaluate(HttpRequest.get(443, "a.example.com", "/").overTls().withSni("c.example.com")))
                    .as("the catch-all chain's table does not serve a.example.com").isInstanceOf(NoRoute.class);
            assertThat(single(envoy.evaluate(HttpRequest.get(443, "b.example.com", "/").overTls().withSni("c.example.com")))
                    .cluster()).isEqualTo(V2);
        }
    }

    @Nested
    class ClientCertificates {

        private static final String CA = "-----BEGIN CERTIFICATE-----\nCA\n-----END CERTIFICATE-----\n";
        private static final String OTHER_CA = "-----BEGIN CERTIFICATE-----\nOTHER\n-----END CERTIFICATE-----\n";

        private EnvoyRouteEvaluator envoy(DownstreamTlsContext context) {
            TransportSocket tls = TransportSocket.newBuilder().setName("envoy.transport_sockets.tls")
                    .setTypedConfig(Any.pack(context)).build();
            Listener listener = Listener.newBuilder().setName("listener~443")
                    .setAddress(Address.newBuilder().setSocketAddress(SocketAddress.newBuilder().setPortValue(443)))
                    .addFilterChains(FilterChain.newBuilder().setName("https").setTransportSocket(tls).addFilters(hcm("route~443")))
                    .build();
            return new EnvoyRouteEvaluator(resources(List.of(listener), RouteConfiguration.newBuilder().setName("route~443").build()));
        }

        private static DownstreamTlsContext validating(boolean required, CertificateValidationContext.TrustChainVerification trust) {
            return DownstreamTlsContext.newBuilder().setRequireClientCertificate(BoolValue.of(required))
                    .setCommonTlsContext(CommonTlsContext.newBuilder().setValidationContext(CertificateValidationContext.newBuilder()
                            .setTrustedCa(DataSource.newBuilder().setInlineString(CA)).setTrustChainVerification(trust)))
                    .build();
        }

        @Test
        void withoutAValidationContextAnyClientPasses() {
            EnvoyRouteEvaluator envoy = envoy(DownstreamTlsContext.getDefaultInstance());
            assertThat(envoy.refusesClient(443, "a.example.com", null)).isEmpty();
            assertThat(envoy.refusesClient(443, "a.example.com", OTHER_CA)).isEmpty();
        }

        @Test
        void requiredCertificatesMustChainToTheTrustedCa() {
            EnvoyRouteEvaluator envoy = envoy(validating(true, CertificateValidationContext.TrustChainVerification.VERIFY_TRUST_CHAIN));
            assertThat(envoy.refusesClient(443, "a.example.com", CA)).isEmpty();
            assertThat(envoy.refusesClient(443, "a.example.com", OTHER_CA)).isPresent();
            assertThat(envoy.refusesClient(443, "a.example.com", null)).isPresent();
            assertThat(envoy.refusesClient(8443, "a.example.com", CA)).as("no listener").isPresent();
        }

        @Test
        void optionalCertificatesStillVerifyUnlessUntrustedOnesAreAccepted() {
            EnvoyRouteEvaluator verifying = envoy(validating(false, CertificateValidationContext.TrustChainVerification.VERIFY_TRUST_CHAIN));
            assertThat(verifying.refusesClient(443, "a.example.com", null)).isEmpty();
            assertThat(verifying.refusesClient(443, "a.example.com", OTHER_CA)).isPresent();
            EnvoyRouteEvaluator lenient = envoy(validating(false, CertificateValidationContext.TrustChainVerification.ACCEPT_UNTRUSTED));
            assertThat(lenient.refusesClient(443, "a.example.com", null)).isEmpty();
            assertThat(lenient.refusesClient(443, "a.example.com", OTHER_CA)).isEmpty();
        }
    }
}
