package dev.gantry.xds;

import dev.gantry.proto.RedisLayout;
import dev.gantry.xds.server.GatewaySnapshotRegistry;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.grpc.server.lifecycle.GrpcServerLifecycle;

/**
 * One xds-service replica of its own in this JVM (a whole application context, its own gRPC and HTTP ports), on the
 * test Redis under {@code prefix}: several of them on one prefix are replicas behind one Service.
 */
final class XdsReplica implements AutoCloseable {

    private final ConfigurableApplicationContext context;

    private XdsReplica(ConfigurableApplicationContext context) {
        this.context = context;
    }

    static XdsReplica start(String prefix, ApplicationListener<?>... listeners) {
        List<String> properties = new ArrayList<>(List.of(
                "spring.grpc.server.port=0",
                "spring.grpc.server.host=127.0.0.1",
                "server.port=0",
                "gantry.xds.auth.mode=none",
                "spring.data.redis.host=127.0.0.1",
                "spring.data.redis.port=" + System.getenv().getOrDefault("GANTRY_REDIS_PORT", "6390"),
                "gantry.redis.key-prefix=" + prefix,
                "gantry.xds.reconcile-interval=1h",
                // far above what the tests allow for a stop: only the drain can make the server stop in time
                "spring.grpc.server.shutdown-grace-period=120s",
                "spring.lifecycle.timeout-per-shutdown-phase=120s",
                "gantry.actuator.auth.tokens=test-actuator-token"));
        SpringApplicationBuilder builder = new SpringApplicationBuilder(XdsApplication.class);
        builder.listeners(listeners);
        // as command-line arguments: above application.yaml (default properties would be below it)
        return new XdsReplica(builder.run(properties.stream().map(p -> "--" + p).toArray(String[]::new)));
    }

    int grpcPort() {
        return context.getBean(GrpcServerLifecycle.class).getPort();
    }

    ManagedChannel channel() {
        return ManagedChannelBuilder.forAddress("127.0.0.1", grpcPort()).usePlaintext().build();
    }

    GatewaySnapshotRegistry registry() {
        return context.getBean(GatewaySnapshotRegistry.class);
    }

    <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    @SuppressWarnings("unchecked")
    TranslatorLikeWriter writer(String prefix) {
        RedisTemplate<String, byte[]> redis = context.getBean("gantrySnapshotRedisTemplate", RedisTemplate.class);
        return new TranslatorLikeWriter(redis, new RedisLayout(prefix));
    }

    /** Stops and starts the context's lifecycle (the gRPC server included), as Spring's tests pause a context. */
    void stopAndStart() {
        context.stop();
        context.start();
    }

    boolean isRunning() {
        return context.isActive();
    }

    @Override
    public void close() {
        context.close();
    }
}
