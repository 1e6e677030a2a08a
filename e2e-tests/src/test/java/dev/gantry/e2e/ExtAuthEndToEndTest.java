package dev.gantry.e2e;

import static io.envoyproxy.controlplane.cache.Resources.V3.ROUTE_TYPE_URL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gantry.extauth.ExtAuthApplication;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.envoyproxy.envoy.extensions.filters.http.ext_authz.v3.ExtAuthzPerRoute;
import io.envoyproxy.envoy.service.auth.v3.AttributeContext;
import io.envoyproxy.envoy.service.auth.v3.AuthorizationGrpc;
import io.envoyproxy.envoy.service.auth.v3.CheckRequest;
import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.grpc.server.lifecycle.GrpcServerLifecycle;

/**
 * Issue 10 end to end: an API-key AuthConfig with its Secret, an HTTPRoute and a RouteOption in YAML go through
 * watcher (which seals the key), Kafka and the translator; the route an Envoy receives carries an
 * {@code ExtAuthzPerRoute} naming the config, and extauth-service, which read the config and the still-sealed Secret
 * from Redis, answers a {@code Check} built as Envoy builds it: the right key passes with the key's user copied to a
 * header, a wrong key or none is refused.
 */
class ExtAuthEndToEndTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String EXT_AUTHZ = "envoy.filters.http.ext_authz";
    private static Platform platform;
    private static ConfigurableApplicationContext extauth;
    private static ManagedChannel channel;

    @BeforeAll
    static void start() {
        platform = Platform.get();
        extauth = new SpringApplicationBuilder(ExtAuthApplication.class).run(
                "--spring.config.location=" + Platform.configOf("extauth-service"), "--server.port=0",
                "--spring.grpc.server.host=127.0.0.1", "--spring.grpc.server.port=0",
                "--spring.data.redis.host=127.0.0.1",
                "--spring.data.redis.port=" + System.getenv().getOrDefault("GANTRY_REDIS_PORT", "6390"),
                "--gantry.redis.key-prefix=" + platform.redisPrefix, "--" + platform.secretKeyProperty,
                "--gantry.extauth.evaluator-timeout=5s");
        channel = Grpc.newChannelBuilderForAddress("127.0.0.1",
                extauth.getBean(GrpcServerLifecycle.class).getPort(), InsecureChannelCredentials.create()).build();
        platform.write("gatewayclass.yaml", Manifests.GATEWAY_CLASS);
        platform.write("extauth/gateway.yaml", Manifests.gateway("guarded", 8096));
        platform.write("extauth/route.yaml", Manifests.route("guarded", "guarded", "guarded.e2e.test", "guarded-backend")
                + "---\n" + Manifests.service("guarded-backend", 9000) + """
                ---
                apiVersion: v1
                kind: Secret
                metadata: {name: key-carol, namespace: default}
                type: extauth.solo.io/apikey
                stringData: {api-key: carol-secret-key, user: carol}
                ---
                apiVersion: gateway.gantry.dev/v1alpha1
                kind: AuthConfig
                metadata: {name: keys, namespace: default}
                spec:
                  configs:
                    - name: api-key
                      apiKeyAuth:
                        headerName: x-api-key
                        apiKeySecretRefs: [{name: key-carol}]
                        headersFromMetadataEntry: {x-user: {name: user, required: true}}
                ---
                apiVersion: gateway.gantry.dev/v1alpha1
                kind: RouteOption
                metadata: {name: guarded, namespace: default}
                spec:
                  targetRefs: [{group: gateway.networking.k8s.io, kind: HTTPRoute, name: guarded}]
                  options:
                    extauth: {configRef: {name: keys}}
                """);
    }

    @AfterAll
    static void stop() {
        if (channel != null) {
            channel.shutdownNow();
        }
        if (extauth != null) {
            extauth.close();
        }
    }

    @Test
    void envoysCheckForTheTranslatedRouteIsAnsweredFromTheSealedKey() throws Exception {
        Map<String, String> context = contextExtensions();
        assertThat(context).containsEntry("config_id", "default.keys");
        var authz = AuthorizationGrpc.newBlockingStub(channel);

        // a call that outlives its deadline on a loaded machine (the whole platform shares this JVM) is asked again
        await().atMost(WAIT).ignoreExceptionsInstanceOf(io.grpc.StatusRuntimeException.class)
                .until(() -> authz.withDeadlineAfter(10, TimeUnit.SECONDS)
                        .check(check(context, "carol-secret-key")).getStatus().getCode() == 0);
        CheckResponse allowed = authz.check(check(context, "carol-secret-key"));
        assertThat(allowed.getOkResponse().getHeadersList())
                .anySatisfy(header -> {
                    assertThat(header.getHeader().getKey()).isEqualTo("x-user");
                    assertThat(header.getHeader().getValue()).isEqualTo("carol");
                });
        assertThat(authz.check(check(context, "not-carols-key")).getStatus().getCode()).isNotZero();
        assertThat(authz.check(check(context, null)).getStatus().getCode()).isNotZero();
    }

    /** The route's ExtAuthzPerRoute context extensions, as an Envoy of the Gateway receives them. */
    private static Map<String, String> contextExtensions() throws Exception {
        try (AdsClient envoy = new AdsClient(platform.xdsPort, "default/guarded")) {
            envoy.subscribe(ROUTE_TYPE_URL, "route~8096");
            Map<String, String> found = new HashMap<>();
            await().atMost(WAIT).until(() -> {
                DiscoveryResponse rds = envoy.next(ROUTE_TYPE_URL, Duration.ofSeconds(5));
                if (rds == null) {
                    return false;
                }
                envoy.ack(rds, "route~8096");
                for (var any : rds.getResourcesList()) {
                    for (VirtualHost host : any.unpack(RouteConfiguration.class).getVirtualHostsList()) {
                        if (host.getDomainsList().contains("guarded.e2e.test")) {
                            for (Route route : host.getRoutesList()) {
                                var config = route.getTypedPerFilterConfigMap().get(EXT_AUTHZ);
                                if (config != null) {
                                    found.putAll(config.unpack(ExtAuthzPerRoute.class).getCheckSettings()
                                            .getContextExtensionsMap());
                                }
                            }
                        }
                    }
                }
                return !found.isEmpty();
            });
            return found;
        }
    }

    /** What Envoy's ext_authz filter sends for a request to the route, with {@code x-api-key} when given. */
    private static CheckRequest check(Map<String, String> contextExtensions, String apiKey) {
        AttributeContext.HttpRequest.Builder http = AttributeContext.HttpRequest.newBuilder()
                .setMethod("GET").setPath("/").setHost("guarded.e2e.test").setScheme("http").setProtocol("HTTP/1.1")
                .putHeaders(":authority", "guarded.e2e.test").putHeaders(":path", "/").putHeaders(":method", "GET");
        if (apiKey != null) {
            http.putHeaders("x-api-key", apiKey);
        }
        return CheckRequest.newBuilder().setAttributes(AttributeContext.newBuilder()
                .setRequest(AttributeContext.Request.newBuilder().setHttp(http))
                .putAllContextExtensions(contextExtensions)).build();
    }
}
