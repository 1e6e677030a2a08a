package dev.gantry.extauth.support;

import static org.awaitility.Awaitility.await;

import dev.gantry.extauth.engine.AuthConfigs;
import dev.gantry.proto.RedisLayout;
import dev.gantry.proto.SealedSecret;
import io.envoyproxy.envoy.service.auth.v3.AuthorizationGrpc;
import io.envoyproxy.envoy.service.auth.v3.CheckRequest;
import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.grpc.server.lifecycle.GrpcServerLifecycle;

/**
 * extauth-service as it runs: against the real Redis the test script starts (127.0.0.1:$GANTRY_REDIS_PORT, default
 * 6390) under a random key prefix, with AuthConfigs written to Redis as the translator writes them and checked over
 * gRPC as Envoy checks them. The evaluator timeout is generous: tests call real peers on a loaded machine.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.grpc.server.host=127.0.0.1",
    "spring.grpc.server.port=0",
    "spring.data.redis.host=127.0.0.1",
    "spring.data.redis.port=${GANTRY_REDIS_PORT:6390}",
    "gantry.redis.key-prefix=test-${random.uuid}:",
    "gantry.extauth.reconcile-interval=300ms",
    "gantry.extauth.evaluator-timeout=30s",
    "gantry.extauth.introspection.timeout=30s",
    "gantry.extauth.oidc.timeout=30s",
    "gantry.secrets.active-key=" + Sealing.KEY_ID,
    "gantry.secrets.keys." + Sealing.KEY_ID + "=" + "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class RunningServiceTest {

    private static final AtomicLong VERSIONS = new AtomicLong(System.currentTimeMillis());

    @Autowired
    protected RedisTemplate<String, byte[]> policyRedisTemplate;
    @Autowired
    protected RedisLayout layout;
    @Autowired
    protected AuthConfigs configs;
    @Autowired
    private GrpcServerLifecycle grpcServer;

    private ManagedChannel channel;
    private AuthorizationGrpc.AuthorizationBlockingStub authorization;

    @BeforeAll
    void connect() {
        channel = ManagedChannelBuilder.forAddress("127.0.0.1", grpcServer.getPort()).usePlaintext().build();
        authorization = AuthorizationGrpc.newBlockingStub(channel);
    }

    @AfterAll
    void disconnect() {
        channel.shutdownNow();
    }

    /**
     * Writes an AuthConfig as the translator does (hash, index, notice: {@link PolicyWriter}) and waits until the
     * service holds it.
     *
     * @return its config_id
     */
    protected String publish(String namespace, String name, String specJson, SealedSecret... secrets) {
        long version = VERSIONS.incrementAndGet();
        new PolicyWriter(policyRedisTemplate, layout).write(namespace, name, version, specJson, secrets);
        String configId = namespace + "." + name;
        await().atMost(Duration.ofSeconds(30))
                .until(() -> configs.heldVersion(configId) >= version);
        return configId;
    }

    /** Whether the config's latest version compiled (a refused one is held as rejected). */
    protected boolean compiled(String configId) {
        return configs.lookup(configId).map(held -> !held.rejected()).orElse(false);
    }

    protected CheckResponse check(CheckRequest request) {
        return authorization.withDeadlineAfter(60, TimeUnit.SECONDS).check(request);
    }
}
