package dev.gantry.translator.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.Duration;
import com.google.protobuf.FloatValue;
import com.google.protobuf.Message;
import com.google.protobuf.UInt32Value;
import com.google.protobuf.UInt64Value;
import dev.gantry.translator.validation.EnvoyValidator.Violation;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.common.matcher.v3.Matcher;
import io.envoyproxy.envoy.config.core.v3.HeaderValue;
import io.envoyproxy.envoy.config.core.v3.KeyValue;
import io.envoyproxy.envoy.config.core.v3.KeyValueAppend;
import io.envoyproxy.envoy.config.core.v3.SchemeHeaderTransformation;
import io.envoyproxy.envoy.config.core.v3.TlvEntry;
import io.envoyproxy.envoy.config.core.v3.TypedExtensionConfig;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.endpoint.v3.LocalityLbEndpoints;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.overload.v3.ThresholdTrigger;
import io.envoyproxy.envoy.config.route.v3.InternalRedirectPolicy;
import io.envoyproxy.envoy.config.route.v3.RateLimit;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteAction;
import io.envoyproxy.envoy.config.route.v3.RouteMatch;
import io.envoyproxy.envoy.config.route.v3.WeightedCluster;
import io.envoyproxy.envoy.extensions.access_loggers.grpc.v3.CommonGrpcAccessLogConfig;
import io.envoyproxy.envoy.extensions.filters.http.bandwidth_limit.v3.BandwidthLimit;
import io.envoyproxy.envoy.extensions.filters.http.lua.v3.LuaPerRoute;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.geoip_providers.maxmind.v3.MaxMindConfig;
import io.envoyproxy.envoy.extensions.load_balancing_policies.client_side_weighted_round_robin.v3.ClientSideWeightedRoundRobin;
import io.envoyproxy.envoy.extensions.matching.input_matchers.consistent_hashing.v3.ConsistentHashing;
import io.envoyproxy.envoy.extensions.resource_monitors.downstream_connections.v3.DownstreamConnectionsConfig;
import io.envoyproxy.envoy.extensions.retry.priority.previous_priorities.v3.PreviousPrioritiesConfig;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.SubjectAltNameMatcher;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext;
import io.envoyproxy.envoy.type.matcher.v3.StringMatcher;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The validator must catch what Envoy would NACK, or the translator tests prove nothing. Each rule family
 * is shown on a real Envoy message that carries it; {@link SyntheticRulesTest} covers the rules Envoy's API
 * does not use (yet).
 */
class EnvoyValidatorTest {

    private final EnvoyValidator validator = new EnvoyValidator();

    @Test
    void catchesViolationsOfEnvoysRules() {
        assertThat(validator.validate(Cluster.newBuilder().setName("")
                .setConnectTimeout(Duration.newBuilder().setSeconds(-1)).build()))
                .anySatisfy(v -> assertThat(v.path()).isEqualTo("Cluster.name"))
                .anySatisfy(v -> assertThat(v.path()).isEqualTo("Cluster.connect_timeout"));
        assertThat(validator.validate(Route.newBuilder().setName("r")
                .setRoute(RouteAction.newBuilder().setWeightedClusters(WeightedCluster.getDefaultInstance())).build()))
                .anySatisfy(v -> assertThat(v).isEqualTo(new Violation("Route.match", "message.required", "is required")))
                .anySatisfy(v -> assertThat(v.path() + " " + v.rule())
                        .isEqualTo("Route.route.weighted_clusters.clusters repeated.min_items"));
        assertThat(validator.validate(ClusterLoadAssignment.newBuilder().setClusterName("c")
                .addEndpoints(LocalityLbEndpoints.newBuilder().setLoadBalancingWeight(UInt32Value.of(0))).build()))
                .anySatisfy(v -> assertThat(v.path()).isEqualTo("ClusterLoadAssignment.endpoints[0].load_balancing_weight"));
    }

    @Test
    void looksInsidePackedFilterConfigs() {
        Listener listener = Listener.newBuilder().setName("l")
                .addFilterChains(FilterChain.newBuilder().addFilters(Filter.newBuilder()
                        .setName("envoy.filters.network.http_connection_manager")
                        .setTypedConfig(Any.pack(HttpConnectionManager.getDefaultInstance()))))
                .build();

        assertThat(validator.validate(listener)).anySatisfy(v -> assertThat(v.path())
                .isEqualTo("Listener.filter_chains[0].filters[0].typed_config<HttpConnectionManager>.stat_prefix"));
    }

    @Test
    void resolvesAnyPackedTypeOfTheApiByItsName() {
        // Nothing in the validator names this type: it is found from the type URL alone.
        var config = TypedExtensionConfig.newBuilder().setName("rl")
                .setTypedConfig(Any.pack(BandwidthLimit.newBuilder().setStatPrefix("")
                        .setLimitKbps(UInt64Value.of(0)).build()))
                .build();

        assertThat(validator.validate(config)).extracting(Violation::path).contains(
                "TypedExtensionConfig.typed_config<BandwidthLimit>.stat_prefix",
                "TypedExtensionConfig.typed_config<BandwidthLimit>.limit_kbps");
        assertThat(validator.validate(TypedExtensionConfig.newBuilder().setName("x")
                .setTypedConfig(Any.newBuilder().setTypeUrl("type.googleapis.com/acme.v1.Unknown")).build()))
                .singleElement().satisfies(v -> assertThat(v.rule()).isEqualTo("any.type"));
    }

    @Test
    void acceptsAValidResource() {
        assertThat(validator.validate(Cluster.newBuilder().setName("c")
                .setConnectTimeout(Duration.newBuilder().setSeconds(5)).build())).isEmpty();
        assertThat(validator.validate(Route.newBuilder()
                .setMatch(RouteMatch.newBuilder().setPrefix("/"))
                .setRoute(RouteAction.newBuilder().setCluster("c")).build())).isEmpty();
    }

    @Test
    void messageRequiredAndOneofRequired() {
        assertThat(rules(Route.newBuilder().setRoute(RouteAction.newBuilder().setCluster("c")).build()))
                .containsExactly("message.required");
        assertThat(validator.validate(Route.newBuilder().setMatch(RouteMatch.getDefaultInstance())
                .setRoute(RouteAction.newBuilder().setCluster("c")).build()))
                .singleElement().isEqualTo(new Violation("Route.match.path_specifier", "oneof.required",
                        "one of path_specifier is required"));
        assertThat(rules(Route.newBuilder().setMatch(RouteMatch.newBuilder().setPath("/a")).build()))
                .containsExactly("oneof.required"); // action
    }

    @Test
    void messageSkipIsNotEntered() {
        // KeyValueAppend.entry is skipped: its empty key would otherwise break KeyValue.key's min_len.
        assertThat(validator.validate(KeyValue.getDefaultInstance())).extracting(Violation::rule).contains("string.min_len");
        assertThat(validator.validate(KeyValueAppend.newBuilder().setEntry(KeyValue.getDefaultInstance()).build()))
                .isEmpty();
    }

    @Test
    void stringLengthsPrefixSuffixAndIn() {
        assertThat(rules(UpstreamTlsContext.newBuilder().setSni("a".repeat(256)).build())).containsExactly("string.max_bytes");
        assertThat(rules(UpstreamTlsContext.newBuilder().setSni("a".repeat(255)).build())).isEmpty();
        // 128 two-byte characters: 128 characters, 256 bytes
        assertThat(rules(UpstreamTlsContext.newBuilder().setSni("é".repeat(128)).build())).containsExactly("string.max_bytes");

        assertThat(rules(RateLimit.HitsAddend.newBuilder().setFormat("%BYTES").build())).containsExactly("string.suffix");
        assertThat(rules(RateLimit.HitsAddend.newBuilder().setFormat("BYTES%").build())).containsExactly("string.prefix");
        assertThat(rules(RateLimit.HitsAddend.newBuilder().setFormat("%BYTES_RECEIVED%").build())).isEmpty();
        assertThat(rules(RateLimit.HitsAddend.newBuilder().setFormat("").build())).as("ignore_empty").isEmpty();

        assertThat(rules(SchemeHeaderTransformation.newBuilder().setSchemeToOverwrite("ftp").build())).containsExactly("string.in");
        assertThat(rules(SchemeHeaderTransformation.newBuilder().setSchemeToOverwrite("https").build())).isEmpty();
        assertThat(rules(SchemeHeaderTransformation.getDefaultInstance())).as("unset oneof member").isEmpty();
    }

    @Test
    void everySafeRegexMustBeOneEnvoyCompiles() {
        var route = io.envoyproxy.envoy.config.route.v3.RouteMatch.newBuilder()
                .setSafeRegex(io.envoyproxy.envoy.type.matcher.v3.RegexMatcher.newBuilder().setRegex("(?x)/a b"));
        assertThat(rules(route.build())).containsExactly("envoy.re2");
        assertThat(EnvoyValidator.shared().validate(route.build())).singleElement()
                .satisfies(violation -> assertThat(violation.path()).isEqualTo("RouteMatch.safe_regex.regex"));
        assertThat(rules(route.setSafeRegex(route.getSafeRegexBuilder().setRegex("/a{200}")).build()))
                .as("over Envoy's program-size limit").containsExactly("envoy.re2");
        assertThat(rules(route.setSafeRegex(route.getSafeRegexBuilder().setRegex("/a/[0-9]+")).build())).isEmpty();
    }

    @Test
    void stringPatternIsReadAsRe2() {
        assertThat(rules(maxMind().setCityDbPath("/geo/city.mmdb").build())).isEmpty();
        assertThat(rules(maxMind().setCityDbPath("").build())).isEmpty();
        assertThat(rules(maxMind().setCityDbPath("/geo/city.csv").build())).containsExactly("string.pattern");
        // RE2's $ is the end of the text; Java's would also match before a final newline.
        assertThat(rules(maxMind().setCityDbPath("/geo/city.mmdb\n").build())).containsExactly("string.pattern");
    }

    @Test
    void wellKnownHeaderRegexesStrictAndLax() {
        // HeaderValue.key: HTTP_HEADER_NAME, strict: false — only NUL, CR and LF are refused.
        assertThat(rules(HeaderValue.newBuilder().setKey("x y").build())).isEmpty();
        assertThat(rules(HeaderValue.newBuilder().setKey("x\ny").build())).containsExactly("string.well_known_regex");
        // Geolocation header names are strict HTTP_HEADER_NAME: a space is not a token character.
        var strict = io.envoyproxy.envoy.extensions.geoip_providers.common.v3.CommonGeoipProviderConfig
                .GeolocationHeadersToAdd.newBuilder();
        assertThat(rules(strict.setCountry("x-country").build())).isEmpty();
        assertThat(rules(strict.setCountry(":authority").build())).isEmpty();
        assertThat(rules(strict.setCountry("x country").build())).containsExactly("string.well_known_regex");
        // HeaderValue.value: HTTP_HEADER_VALUE, strict: false
        assertThat(rules(HeaderValue.newBuilder().setKey("k").setValue("a\tb").build())).isEmpty();
        assertThat(rules(HeaderValue.newBuilder().setKey("k").setValue("a\rb").build())).containsExactly("string.well_known_regex");
    }

    @Test
    void bytesMinLen() {
        assertThat(rules(TlvEntry.newBuilder().setType(1).build())).containsExactly("bytes.min_len");
        assertThat(rules(TlvEntry.newBuilder().setType(1).setValue(ByteString.copyFromUtf8("v")).build())).isEmpty();
        assertThat(rules(TlvEntry.newBuilder().setType(256).setValue(ByteString.copyFromUtf8("v")).build()))
                .containsExactly("uint32.lt");
    }

    @Test
    void boolConst() {
        assertThat(rules(LuaPerRoute.newBuilder().setDisabled(false).build())).containsExactly("bool.const");
        assertThat(rules(LuaPerRoute.newBuilder().setDisabled(true).build())).isEmpty();
    }

    @Test
    void numericFamiliesAndWrappers() {
        assertThat(rules(ConsistentHashing.newBuilder().setThreshold(1).setModulo(0).build())).containsExactly("uint32.gt");
        assertThat(rules(ConsistentHashing.newBuilder().setThreshold(1).setModulo(2).build())).isEmpty();
        assertThat(rules(PreviousPrioritiesConfig.newBuilder().setUpdateFrequency(-1).build())).containsExactly("int32.gt");
        assertThat(rules(PreviousPrioritiesConfig.newBuilder().setUpdateFrequency(1).build())).isEmpty();
        assertThat(rules(DownstreamConnectionsConfig.newBuilder().setMaxActiveDownstreamConnections(0).build()))
                .containsExactly("int64.gt");
        assertThat(rules(DownstreamConnectionsConfig.newBuilder().setMaxActiveDownstreamConnections(10).build())).isEmpty();
        assertThat(rules(ThresholdTrigger.newBuilder().setValue(1.5).build())).containsExactly("double.lte");
        assertThat(rules(ThresholdTrigger.newBuilder().setValue(-0.5).build())).containsExactly("double.lte");
        assertThat(rules(ThresholdTrigger.newBuilder().setValue(0.5).build())).isEmpty();
        assertThat(rules(ClientSideWeightedRoundRobin.newBuilder().setErrorUtilizationPenalty(FloatValue.of(-1f)).build()))
                .containsExactly("float.gte");
        assertThat(rules(ClientSideWeightedRoundRobin.newBuilder().setErrorUtilizationPenalty(FloatValue.of(1f)).build()))
                .isEmpty();
        assertThat(rules(ClientSideWeightedRoundRobin.getDefaultInstance())).as("an unset wrapper").isEmpty();
        assertThat(rules(BandwidthLimit.newBuilder().setStatPrefix("bw").setLimitKbps(UInt64Value.of(0)).build()))
                .containsExactly("uint64.gte");
        assertThat(rules(BandwidthLimit.newBuilder().setStatPrefix("bw").setLimitKbps(UInt64Value.of(-1L)).build()))
                .as("2^64-1 is a large unsigned value, not -1").isEmpty();
    }

    @Test
    void enumDefinedOnlyAndNotIn() {
        var matcher = StringMatcher.newBuilder().setExact("a");
        assertThat(rules(SubjectAltNameMatcher.newBuilder().setSanTypeValue(0).setMatcher(matcher).build()))
                .containsExactly("enum.not_in");
        assertThat(rules(SubjectAltNameMatcher.newBuilder().setSanTypeValue(99).setMatcher(matcher).build()))
                .containsExactly("enum.defined_only");
        assertThat(rules(SubjectAltNameMatcher.newBuilder().setSanType(SubjectAltNameMatcher.SanType.DNS)
                .setMatcher(matcher).build())).isEmpty();
    }

    @Test
    void repeatedCountsUniqueAndItems() {
        assertThat(rules(InternalRedirectPolicy.newBuilder().addResponseHeadersToCopy("a").addResponseHeadersToCopy("a").build()))
                .containsExactly("repeated.unique");
        assertThat(rules(InternalRedirectPolicy.newBuilder().addResponseHeadersToCopy("a").addResponseHeadersToCopy("b\n").build()))
                .containsExactly("string.well_known_regex");
        assertThat(rules(InternalRedirectPolicy.newBuilder().addResponseHeadersToCopy("a").addResponseHeadersToCopy("b").build()))
                .isEmpty();
        assertThat(validator.validate(io.envoyproxy.envoy.config.core.v3.ProxyProtocolPassThroughTLVs.newBuilder()
                .addTlvType(1).addTlvType(300).build()))
                .singleElement().satisfies(v -> assertThat(v.path() + " " + v.rule())
                        .isEqualTo("ProxyProtocolPassThroughTLVs.tlv_type[1] uint32.lt"));
    }

    @Test
    void mapPairsAndValues() {
        var empty = Matcher.MatcherTree.MatchMap.getDefaultInstance();
        assertThat(rules(empty)).containsExactly("map.min_pairs");
        var invalidValue = Matcher.MatcherTree.MatchMap.newBuilder().putMap("k", Matcher.OnMatch.getDefaultInstance()).build();
        assertThat(validator.validate(invalidValue)).singleElement().satisfies(v -> {
            assertThat(v.path()).isEqualTo("MatchMap.map['k'].on_match");
            assertThat(v.rule()).isEqualTo("oneof.required");
        });
        var valid = Matcher.MatcherTree.MatchMap.newBuilder().putMap("k", Matcher.OnMatch.newBuilder()
                .setAction(TypedExtensionConfig.newBuilder().setName("a").setTypedConfig(Any.pack(UInt32Value.of(1))))
                .build()).build();
        assertThat(rules(valid)).isEmpty();
    }

    @Test
    void anyRequired() {
        assertThat(rules(TypedExtensionConfig.newBuilder().setName("x").build())).containsExactly("any.required");
        assertThat(rules(TypedExtensionConfig.newBuilder().setName("x").setTypedConfig(Any.pack(UInt32Value.of(1))).build()))
                .isEmpty();
    }

    @Test
    void durationBounds() {
        var config = CommonGrpcAccessLogConfig.newBuilder().setLogName("l").setTransportApiVersionValue(2)
                .setGrpcService(io.envoyproxy.envoy.config.core.v3.GrpcService.newBuilder()
                        .setEnvoyGrpc(io.envoyproxy.envoy.config.core.v3.GrpcService.EnvoyGrpc.newBuilder().setClusterName("als")));
        assertThat(rules(config.setBufferFlushInterval(Duration.getDefaultInstance()).build())).containsExactly("duration.gt");
        assertThat(rules(config.setBufferFlushInterval(Duration.newBuilder().setNanos(1)).build())).isEmpty();
        assertThat(rules(config.clearBufferFlushInterval().build())).isEmpty();
    }

    @Test
    void compilesEveryPatternOfTheApiTheResourcesReach() {
        // A pattern re2j refused would silently go unchecked; make sure none of Envoy's is.
        for (String pattern : List.of("^[^\\x00\\n\\r]*$", "^:?[0-9a-zA-Z!#$%&'*+-.^_|~`]+$", "^$|^.*\\.mmdb$",
                "(?P<x>[[:alpha:]_&&[])")) {
            assertThat(Re2.compile(pattern).pattern()).isEqualTo(pattern);
        }
    }

    private static MaxMindConfig.Builder maxMind() {
        return MaxMindConfig.newBuilder().setCommonProviderConfig(
                io.envoyproxy.envoy.extensions.geoip_providers.common.v3.CommonGeoipProviderConfig.newBuilder()
                        .setGeoHeadersToAdd(io.envoyproxy.envoy.extensions.geoip_providers.common.v3.CommonGeoipProviderConfig
                                .GeolocationHeadersToAdd.getDefaultInstance()).build());
    }

    private List<String> rules(Message message) {
        return validator.validate(message).stream().map(Violation::rule).toList();
    }
}
