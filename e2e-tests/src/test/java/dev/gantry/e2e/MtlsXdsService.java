package dev.gantry.e2e;

import com.google.protobuf.Any;
import dev.gantry.proto.GatewaySnapshot;
import dev.gantry.proto.RedisLayout;
import dev.gantry.proto.SnapshotNotice;
import dev.gantry.xds.XdsApplication;
import io.envoyproxy.envoy.config.core.v3.Address;
import io.envoyproxy.envoy.config.core.v3.AggregatedConfigSource;
import io.envoyproxy.envoy.config.core.v3.ApiVersion;
import io.envoyproxy.envoy.config.core.v3.ConfigSource;
import io.envoyproxy.envoy.config.core.v3.SocketAddress;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.DirectResponseAction;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.RouteMatch;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.envoyproxy.envoy.extensions.filters.http.router.v3.Router;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.Rds;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.grpc.server.lifecycle.GrpcServerLifecycle;

/**
 * xds-service as the secured deployments run it (mode {@code mtls}, client certificates required, its server
 * certificate and the client CA from files) on the test Redis, and snapshots written to it as the translator
 * writes them: one HTTP listener and its routes per version, so every version changes the listener.
 */
final class MtlsXdsService implements AutoCloseable {

    private static final String REDIS_PORT = System.getenv().getOrDefault("GANTRY_REDIS_PORT", "6390");

    private final RedisLayout layout = new RedisLayout("mtls-xds-" + UUID.randomUUID() + ":");
    private final RedisClient redisClient = RedisClient.create("redis://127.0.0.1:" + REDIS_PORT);
    private final StatefulRedisConnection<byte[], byte[]> redis = redisClient.connect(ByteArrayCodec.INSTANCE);
    private final ConfigurableApplicationContext xds;

    MtlsXdsService(Path certificate, Path key, Path clientCa, String trustDomain) {
        xds = new SpringApplicationBuilder(XdsApplication.class).run(Arrays.stream(new String[] {
                "spring.config.location=" + Platform.configOf("xds-service"),
                "server.port=0", "spring.grpc.server.host=127.0.0.1", "spring.grpc.server.port=0",
                "spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + REDIS_PORT,
                "gantry.redis.key-prefix=" + layout.prefix(),
                "gantry.xds.auth.mode=mtls", "gantry.xds.auth.trust-domain=" + trustDomain,
                "spring.grpc.server.ssl.bundle=xds", "spring.grpc.server.ssl.client-auth=require",
                "spring.ssl.bundle.pem.xds.keystore.certificate=file:" + certificate,
                "spring.ssl.bundle.pem.xds.keystore.private-key=file:" + key,
                "spring.ssl.bundle.pem.xds.truststore.certificate=file:" + clientCa})
                .map(property -> "--" + property).toArray(String[]::new));
    }

    int port() {
        return xds.getBean(GrpcServerLifecycle.class).getPort();
    }

    /** Version {@code version} of the Gateway: listener {@code listener~8080} and its route configuration. */
    void publish(String gateway, long version) {
        ConfigSource ads = ConfigSource.newBuilder().setAds(AggregatedConfigSource.getDefaultInstance())
                .setResourceApiVersion(ApiVersion.V3).build();
        HttpConnectionManager manager = HttpConnectionManager.newBuilder().setStatPrefix("http-v" + version)
                .setRds(Rds.newBuilder().setConfigSource(ads).setRouteConfigName("route~8080"))
                .addHttpFilters(HttpFilter.newBuilder().setName("envoy.filters.http.router")
                        .setTypedConfig(Any.pack(Router.getDefaultInstance()))).build();
        Listener listener = Listener.newBuilder().setName("listener~8080")
                .setAddress(Address.newBuilder().setSocketAddress(
                        SocketAddress.newBuilder().setAddress("0.0.0.0").setPortValue(8080)))
                .addFilterChains(FilterChain.newBuilder().addFilters(Filter.newBuilder()
                        .setName("envoy.filters.network.http_connection_manager").setTypedConfig(Any.pack(manager))))
                .build();
        RouteConfiguration routes = RouteConfiguration.newBuilder().setName("route~8080")
                .addVirtualHosts(VirtualHost.newBuilder().setName("v" + version).addDomains("*")
                        .addRoutes(Route.newBuilder().setMatch(RouteMatch.newBuilder().setPrefix("/"))
                                .setDirectResponse(DirectResponseAction.newBuilder().setStatus(200))))
                .build();
        GatewaySnapshot snapshot = GatewaySnapshot.newBuilder().setGateway(gateway).setVersion(version)
                .addListeners(Any.pack(listener)).addRouteConfigurations(Any.pack(routes)).build();
        redis.sync().hset(bytes(layout.snapshotKey(gateway)), Map.of(bytes(RedisLayout.VERSION_FIELD),
                bytes(Long.toString(version)), bytes(RedisLayout.DATA_FIELD), snapshot.toByteArray()));
        redis.sync().sadd(bytes(layout.indexKey()), bytes(gateway));
        redis.sync().publish(bytes(layout.noticeChannel()),
                SnapshotNotice.newBuilder().setGateway(gateway).setVersion(version).build().toByteArray());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        xds.close();
        redis.close();
        redisClient.shutdown();
    }
}
