package dev.gantry.e2e;

import static io.envoyproxy.controlplane.cache.Resources.V3.ROUTE_TYPE_URL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gantry.ratelimit.RateLimitApplication;
import io.envoyproxy.envoy.config.route.v3.RateLimit;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.envoyproxy.envoy.extensions.common.ratelimit.v3.RateLimitDescriptor;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitRequest;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitResponse;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitServiceGrpc;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.grpc.server.lifecycle.GrpcServerLifecycle;

/**
 * Issue 9 end to end: a RateLimitConfig, an HTTPRoute and a RouteOption in YAML go through watcher, Kafka and the
 * translator; the route an Envoy receives carries the rate-limit actions, and the same config reaches
 * ratelimit-service through Redis. A {@code ShouldRateLimit} built from those actions as Envoy builds it (domain
 * {@code gantry}, one descriptor per {@code rate_limits} entry, each entry from its actions) is counted against the
 * config's limits: the user header's 3 per minute, then OVER_LIMIT, while another user is still let through.
 */
class RateLimitEndToEndTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static Platform platform;
    private static ConfigurableApplicationContext ratelimit;
    private static ManagedChannel channel;

    @BeforeAll
    static void start() {
        platform = Platform.get();
        ratelimit = new SpringApplicationBuilder(RateLimitApplication.class).run(
                "--spring.config.location=" + Platform.configOf("ratelimit-service"), "--server.port=0",
                "--spring.grpc.server.host=127.0.0.1", "--spring.grpc.server.port=0",
                "--spring.data.redis.host=127.0.0.1",
                "--spring.data.redis.port=" + System.getenv().getOrDefault("GANTRY_REDIS_PORT", "6390"),
                "--gantry.redis.key-prefix=" + platform.redisPrefix);
        channel = Grpc.newChannelBuilderForAddress("127.0.0.1",
                ratelimit.getBean(GrpcServerLifecycle.class).getPort(), InsecureChannelCredentials.create()).build();
        platform.write("gatewayclass.yaml", Manifests.GATEWAY_CLASS);
        platform.write("ratelimit/gateway.yaml", Manifests.gateway("limited", 8095));
        platform.write("ratelimit/route.yaml", Manifests.route("limited", "limited", "limited.e2e.test", "limited-backend")
                + "---\n" + Manifests.service("limited-backend", 9000) + """
                ---
                apiVersion: gateway.gantry.dev/v1alpha1
                kind: RateLimitConfig
                metadata: {name: per-user, namespace: default}
                spec:
                  raw:
                    descriptors:
                      - key: user
                        rateLimit: {unit: MINUTE, requestsPerUnit: 3}
                    rateLimits:
                      - actions:
                          - requestHeaders: {headerName: x-user, descriptorKey: user}
                ---
                apiVersion: gateway.gantry.dev/v1alpha1
                kind: RouteOption
                metadata: {name: limited, namespace: default}
                spec:
                  targetRefs: [{group: gateway.networking.k8s.io, kind: HTTPRoute, name: limited}]
                  options:
                    rateLimitConfigs: {refs: [{name: per-user}]}
                """);
    }

    @AfterAll
    static void stop() {
        if (channel != null) {
            channel.shutdownNow();
        }
        if (ratelimit != null) {
            ratelimit.close();
        }
    }

    @Test
    void envoysDescriptorsFromTheTranslatedActionsAreLimitedByTheService() throws Exception {
        List<RateLimit> actions = routeRateLimits();
        assertThat(actions).isNotEmpty();
        var rls = RateLimitServiceGrpc.newBlockingStub(channel);

        // the translator's config reaches the service through Redis: wait until alice's first request is counted
        await().atMost(WAIT).until(() -> rls.withDeadlineAfter(5, TimeUnit.SECONDS)
                .shouldRateLimit(request(actions, "alice")).getStatusesList().stream()
                .anyMatch(status -> status.hasCurrentLimit() && status.getCurrentLimit().getRequestsPerUnit() == 3));
        assertThat(rls.shouldRateLimit(request(actions, "alice")).getOverallCode()).isEqualTo(RateLimitResponse.Code.OK);
        assertThat(rls.shouldRateLimit(request(actions, "alice")).getOverallCode()).isEqualTo(RateLimitResponse.Code.OK);
        assertThat(rls.shouldRateLimit(request(actions, "alice")).getOverallCode())
                .isEqualTo(RateLimitResponse.Code.OVER_LIMIT);
        assertThat(rls.shouldRateLimit(request(actions, "bob")).getOverallCode()).isEqualTo(RateLimitResponse.Code.OK);
    }

    /** The rate_limits of the route to limited.e2e.test, as an Envoy of the Gateway receives them. */
    private static List<RateLimit> routeRateLimits() throws Exception {
        try (AdsClient envoy = new AdsClient(platform.xdsPort, "default/limited")) {
            envoy.subscribe(ROUTE_TYPE_URL, "route~8095");
            List<RateLimit> found = new ArrayList<>();
            await().atMost(WAIT).until(() -> {
                DiscoveryResponse rds = envoy.next(ROUTE_TYPE_URL, Duration.ofSeconds(5));
                if (rds == null) {
                    return false;
                }
                envoy.ack(rds, "route~8095");
                for (var any : rds.getResourcesList()) {
                    for (VirtualHost host : any.unpack(RouteConfiguration.class).getVirtualHostsList()) {
                        if (host.getDomainsList().contains("limited.e2e.test")) {
                            for (Route route : host.getRoutesList()) {
                                found.clear();
                                found.addAll(route.getRoute().getRateLimitsList());
                            }
                        }
                    }
                }
                return !found.isEmpty();
            });
            return found;
        }
    }

    /** What Envoy's rate-limit filter sends for a request with {@code x-user: user}: one descriptor per entry. */
    static RateLimitRequest request(List<RateLimit> rateLimits, String user) {
        Map<String, String> headers = Map.of("x-user", user);
        RateLimitRequest.Builder request = RateLimitRequest.newBuilder().setDomain("gantry");
        for (RateLimit rateLimit : rateLimits) {
            descriptor(rateLimit, headers).ifPresent(request::addDescriptors);
        }
        return request.build();
    }

    /** Envoy's rule: every action adds an entry, and an action that cannot (a missing header) drops the descriptor. */
    private static Optional<RateLimitDescriptor> descriptor(RateLimit rateLimit, Map<String, String> headers) {
        RateLimitDescriptor.Builder descriptor = RateLimitDescriptor.newBuilder();
        for (RateLimit.Action action : rateLimit.getActionsList()) {
            switch (action.getActionSpecifierCase()) {
                case GENERIC_KEY -> descriptor.addEntries(RateLimitDescriptor.Entry.newBuilder()
                        .setKey(action.getGenericKey().getDescriptorKey().isEmpty() ? "generic_key"
                                : action.getGenericKey().getDescriptorKey())
                        .setValue(action.getGenericKey().getDescriptorValue()));
                case REQUEST_HEADERS -> {
                    String value = headers.get(action.getRequestHeaders().getHeaderName());
                    if (value == null) {
                        return Optional.empty();
                    }
                    descriptor.addEntries(RateLimitDescriptor.Entry.newBuilder()
                            .setKey(action.getRequestHeaders().getDescriptorKey()).setValue(value));
                }
                default -> throw new IllegalStateException("not built by this test: " + action);
            }
        }
        return Optional.of(descriptor.build());
    }
}
