package dev.gantry.xds;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.grpc.server.lifecycle.GrpcServerLifecycle;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * One application context for every test class (grpc-xds reads its bootstrap once per JVM, so there is one
 * xDS server), on the real Redis with a key prefix nobody else uses. Periodic reconcile is slowed down so the
 * tests see notices do their job; tests that need a reconcile pass call it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.grpc.server.port=0",
        "spring.grpc.server.host=127.0.0.1",
        // these tests are about serving, not authentication: development mode, allowed on loopback only
        "gantry.xds.auth.mode=none",
        "spring.data.redis.host=127.0.0.1",
        "spring.data.redis.port=${GANTRY_REDIS_PORT:6390}",
        "gantry.xds.reconcile-interval=1h",
        "gantry.secrets.active-key=" + XdsServiceTestSupport.SECRET_KEY_ID,
        "gantry.secrets.keys." + XdsServiceTestSupport.SECRET_KEY_ID + "=" + XdsServiceTestSupport.SECRET_KEY
})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class XdsServiceTestSupport {

    static final String PREFIX = "gantry-test-" + UUID.randomUUID() + ":";
    /** The key sealed TLS keys are opened with, for tests only. */
    static final String SECRET_KEY_ID = "test1";
    static final String SECRET_KEY = "dY/6bnPpQd7LIPW4zr/ncseX6xcLHg+N1N+nTsyKL/M=";

    @DynamicPropertySource
    static void redisPrefix(DynamicPropertyRegistry registry) {
        registry.add("gantry.redis.key-prefix", () -> PREFIX);
    }

    @Autowired
    protected GrpcServerLifecycle grpcServer;

    @Autowired
    protected RedisTemplate<String, byte[]> gantrySnapshotRedisTemplate;

    @Autowired
    protected MeterRegistry meters;

    /** Keeps the shared Redis clean; later classes write Gateways of their own, so nothing they need is lost. */
    @AfterAll
    void deleteTestKeys() {
        Set<String> keys = gantrySnapshotRedisTemplate.keys(PREFIX + "*");
        if (keys != null && !keys.isEmpty()) {
            gantrySnapshotRedisTemplate.delete(keys);
        }
    }

    protected TranslatorLikeWriter writer() {
        return new TranslatorLikeWriter(gantrySnapshotRedisTemplate, new dev.gantry.proto.RedisLayout(PREFIX));
    }

    protected ManagedChannel xdsChannel() {
        return ManagedChannelBuilder.forAddress("127.0.0.1", grpcServer.getPort()).usePlaintext().build();
    }

    protected double counter(String name, String tagKey, String tagValue) {
        var search = meters.find(name);
        Counter counter = tagKey == null ? search.counter() : search.tag(tagKey, tagValue).counter();
        return counter == null ? 0 : counter.count();
    }
}
