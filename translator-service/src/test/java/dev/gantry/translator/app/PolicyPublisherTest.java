package dev.gantry.translator.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.model.auth.AuthConfigSpec;
import dev.gantry.model.ratelimit.RateLimitConfigSpec;
import dev.gantry.proto.PolicyConfig;
import dev.gantry.proto.PolicyNotice;
import dev.gantry.proto.RedisLayout;
import dev.gantry.translator.model.ResourceIndex;
import dev.gantry.translator.model.TestResources;
import dev.gantry.translator.redis.PolicyStore;
import dev.gantry.translator.shard.WriteLeases;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.serializer.RedisSerializer;

/** RateLimitConfigs and AuthConfigs reach Redis for the services as the contract says, against a real Redis. */
class PolicyPublisherTest {

    private static final String RATE_LIMIT_CONFIG = """
            apiVersion: gateway.gantry.dev/v1alpha1
            kind: RateLimitConfig
            metadata: {namespace: default, name: per-ip, generation: %d}
            spec:
              raw:
                descriptors: [{key: remote_address, rateLimit: {unit: MINUTE, requestsPerUnit: %d}}]
                rateLimits: [{actions: [{remoteAddress: {}}]}]
            """;
    private static final String REJECTED = """
            apiVersion: gateway.gantry.dev/v1alpha1
            kind: RateLimitConfig
            metadata: {namespace: default, name: bad-unit}
            spec:
              raw:
                descriptors: [{key: k, rateLimit: {unit: FORTNIGHT, requestsPerUnit: 1}}]
            """;
    private static final String AUTH_CONFIG = """
            apiVersion: gateway.gantry.dev/v1alpha1
            kind: AuthConfig
            metadata: {namespace: team, name: keys}
            spec:
              configs:
              - name: by-ref
                apiKeyAuth: {apiKeySecretRefs: [{name: alice}]}
              - name: by-label
                apiKeyAuth: {labelSelector: {team: a}}
              booleanExpr: by-ref || by-label
            """;
    private static final String SECRETS = """
            apiVersion: v1
            kind: Secret
            metadata: {namespace: team, name: alice}
            type: extauth.solo.io/apikey
            data: {api-key: "gantry-enc:v1:k1:c2VhbGVk"}
            ---
            apiVersion: v1
            kind: Secret
            metadata: {namespace: team, name: bob, labels: {team: a}}
            stringData: {api-key: bob-in-the-clear}
            ---
            apiVersion: v1
            kind: Secret
            metadata: {namespace: team, name: carol, labels: {team: b}}
            stringData: {api-key: not-selected}
            """;

    private static LettuceConnectionFactory connections;
    private static RedisTemplate<String, byte[]> redis;
    private final RedisLayout layout = new RedisLayout("test-" + UUID.randomUUID() + ":");
    private final PolicyStore store = new PolicyStore(redis, layout);
    private final PolicyPublisher publisher = new PolicyPublisher(store, WriteLeases.unfenced(), new SimpleMeterRegistry());
    private RedisConnection subscription;

    @org.junit.jupiter.api.AfterEach
    void unsubscribe() {
        if (subscription != null) {
            subscription.close();
        }
    }

    @BeforeAll
    static void connect() {
        int port = Integer.parseInt(System.getenv().getOrDefault("GANTRY_REDIS_PORT", "6390"));
        connections = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", port));
        connections.afterPropertiesSet();
        connections.start();
        redis = new RedisTemplate<>();
        redis.setConnectionFactory(connections);
        redis.setKeySerializer(RedisSerializer.string());
        redis.setValueSerializer(RedisSerializer.byteArray());
        redis.setHashKeySerializer(RedisSerializer.string());
        redis.setHashValueSerializer(RedisSerializer.byteArray());
        redis.afterPropertiesSet();
    }

    @AfterAll
    static void disconnect() {
        connections.destroy();
    }

    @Test
    void acceptedPoliciesAreWrittenWithTheirSealedSecretsAndRejectedOnesAreNot() throws Exception {
        ResourceIndex index = TestResources.index(RATE_LIMIT_CONFIG.formatted(1, 60), REJECTED, AUTH_CONFIG, SECRETS);

        publisher.publish(index, 5);

        PolicyConfig limits = stored("RateLimitConfig", "default", "per-ip");
        assertThat(limits.getVersion()).isEqualTo(5);
        assertThat(limits.getGeneration()).isEqualTo(1);
        RateLimitConfigSpec spec = new ObjectMapper().readValue(limits.getSpecJson(), RateLimitConfigSpec.class);
        assertThat(spec.raw().descriptors().get(0).rateLimit().requestsPerUnit()).isEqualTo(60);
        assertThat(redis.hasKey(layout.policyKey("RateLimitConfig", "default", "bad-unit"))).isFalse();
        assertThat(store.live("RateLimitConfig")).containsExactly("default/per-ip");

        PolicyConfig auth = stored("AuthConfig", "team", "keys");
        assertThat(new ObjectMapper().readValue(auth.getSpecJson(), AuthConfigSpec.class).booleanExpr())
                .isEqualTo("by-ref || by-label");
        assertThat(auth.getSecretsMap()).containsOnlyKeys("team/alice", "team/bob");
        assertThat(auth.getSecretsMap().get("team/alice").getDataMap())
                .as("a sealed entry travels as the watcher sealed it").containsEntry("api-key", "gantry-enc:v1:k1:c2VhbGVk");
        assertThat(auth.getSecretsMap().get("team/bob").getDataMap()).containsEntry("api-key", "bob-in-the-clear");
        assertThat(auth.getSecretsMap().get("team/bob").getLabelsMap()).containsEntry("team", "a");
        assertThat(auth.getSecretsMap().get("team/alice").getType()).isEqualTo("extauth.solo.io/apikey");
    }

    @Test
    void onlyChangedContentIsWrittenAgainAndEveryWriteIsAnnounced() throws Exception {
        List<PolicyNotice> notices = subscribe();
        ResourceIndex index = TestResources.index(RATE_LIMIT_CONFIG.formatted(1, 60), AUTH_CONFIG, SECRETS);
        publisher.publish(index, 5);
        await().until(() -> notices.size() == 2);

        publisher.publish(index, 6);
        assertThat(stored("RateLimitConfig", "default", "per-ip").getVersion()).as("unchanged: not written").isEqualTo(5);

        apply(index, RATE_LIMIT_CONFIG.formatted(2, 10));
        publisher.publish(index, 7);
        assertThat(stored("RateLimitConfig", "default", "per-ip").getVersion()).isEqualTo(7);
        assertThat(stored("AuthConfig", "team", "keys").getVersion()).isEqualTo(5);

        apply(index, SECRETS.replace("not-selected", "changed").replace("carol, labels: {team: b}", "carol, labels: {team: a}"));
        publisher.publish(index, 8);
        assertThat(stored("AuthConfig", "team", "keys").getSecretsMap())
                .as("a Secret newly selected changes the AuthConfig's content").containsKey("team/carol");
        await().untilAsserted(() -> assertThat(notices).extracting(PolicyNotice::getVersion).containsExactly(5L, 5L, 7L, 8L));
        assertThat(notices).noneMatch(PolicyNotice::getRemoved);
    }

    @Test
    void aDeletedOrNowRejectedPolicyIsRemovedAndFenced() throws Exception {
        ResourceIndex index = TestResources.index(RATE_LIMIT_CONFIG.formatted(1, 60), AUTH_CONFIG, SECRETS);
        publisher.publish(index, 5);

        // the Secret the AuthConfig names goes away: the AuthConfig is rejected
        var alice = TestResources.records(SECRETS).get(0);
        index.apply(alice.key(), null);
        var limits = TestResources.single(RATE_LIMIT_CONFIG.formatted(1, 60));
        index.apply(limits.key(), null);
        publisher.publish(index, 9);

        assertThat(store.live("AuthConfig")).isEmpty();
        assertThat(store.live("RateLimitConfig")).isEmpty();
        assertThat(redis.opsForHash().get(layout.policyKey("AuthConfig", "team", "keys"), RedisLayout.DATA_FIELD))
                .isEqualTo(new byte[0]);
        assertThat(new String((byte[]) redis.opsForHash().get(layout.policyKey("AuthConfig", "team", "keys"),
                RedisLayout.VERSION_FIELD))).isEqualTo("9");
        assertThat(store.write(stored(5)).written()).as("a late writer meets the fence").isFalse();
    }

    @Test
    void theFirstRoundRemovesWhatRedisListsButTheIndexNoLongerHolds() {
        new PolicyPublisher(store, WriteLeases.unfenced(), null).publish(TestResources.index(RATE_LIMIT_CONFIG.formatted(1, 60)), 3);

        publisher.publish(TestResources.index(AUTH_CONFIG, SECRETS), 4);

        assertThat(store.live("RateLimitConfig")).isEmpty();
        assertThat(store.live("AuthConfig")).containsExactly("team/keys");
    }

    @Test
    void aTranslatorBehindNeverOverwritesNewerConfiguration() throws Exception {
        new PolicyPublisher(store, WriteLeases.unfenced(), null).publish(TestResources.index(RATE_LIMIT_CONFIG.formatted(2, 10)), 100);

        publisher.publish(TestResources.index(RATE_LIMIT_CONFIG.formatted(1, 60)), 50);
        publisher.publish(TestResources.index(), 51);

        PolicyConfig kept = stored("RateLimitConfig", "default", "per-ip");
        assertThat(kept.getVersion()).isEqualTo(100);
        assertThat(kept.getGeneration()).isEqualTo(2);
        assertThat(store.live("RateLimitConfig")).containsExactly("default/per-ip");
    }

    private static PolicyConfig stored(long version) {
        return PolicyConfig.newBuilder().setKind("AuthConfig").setNamespace("team").setName("keys").setVersion(version)
                .setSpecJson("{}").build();
    }

    private PolicyConfig stored(String kind, String namespace, String name) throws Exception {
        byte[] data = (byte[]) redis.opsForHash().get(layout.policyKey(kind, namespace, name), RedisLayout.DATA_FIELD);
        assertThat(data).as(kind + " " + namespace + "/" + name + " in Redis").isNotNull().isNotEmpty();
        return PolicyConfig.parseFrom(data);
    }

    private static void apply(ResourceIndex index, String yaml) {
        TestResources.records(yaml).forEach(record -> index.apply(record.key(), record.event()));
    }

    private List<PolicyNotice> subscribe() {
        List<PolicyNotice> notices = new CopyOnWriteArrayList<>();
        RedisConnection subscription = connections.getConnection();
        subscription.subscribe((message, pattern) -> {
            try {
                notices.add(PolicyNotice.parseFrom(message.getBody()));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, layout.policyNoticeChannel().getBytes());
        await().until(subscription::isSubscribed);
        this.subscription = subscription;
        return notices;
    }
}
