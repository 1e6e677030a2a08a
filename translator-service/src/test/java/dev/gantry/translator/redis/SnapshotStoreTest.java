package dev.gantry.translator.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gantry.proto.GatewaySnapshot;
import dev.gantry.proto.RedisLayout;
import dev.gantry.proto.SnapshotNotice;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.serializer.RedisSerializer;

/** The compare-and-set that fences snapshot writers, against a real Redis. */
class SnapshotStoreTest {

    private static LettuceConnectionFactory connections;
    private static RedisTemplate<String, byte[]> redis;
    private final RedisLayout layout = new RedisLayout("test-" + UUID.randomUUID() + ":");
    private final SnapshotStore store = new SnapshotStore(redis, layout);

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
    void aWriteWithAnOlderVersionIsRefusedAndTheNewerSnapshotStays() throws Exception {
        assertThat(store.write(snapshot("default/gw", 5, "new")).written()).isTrue();

        SnapshotWrite stale = store.write(snapshot("default/gw", 3, "stale"));

        assertThat(stale.written()).isFalse();
        assertThat(stale.storedVersion()).isEqualTo(5);
        assertThat(stored("default/gw")).isEqualTo(snapshot("default/gw", 5, "new"));
        assertThat(store.write(snapshot("default/gw", 5, "same version")).alreadyStored(5)).isTrue();
        assertThat(store.write(snapshot("default/gw", 6, "newer")).written()).isTrue();
        assertThat(stored("default/gw").getSourceObservedAt().getSeconds()).isEqualTo("newer".hashCode());
    }

    @Test
    void aRemovalIsFencedTooAndLeavesTheVersionBehind() throws Exception {
        store.write(snapshot("default/gw", 10, "live"));

        assertThat(store.remove("default/gw", 9).written()).isFalse();
        assertThat(store.liveGateways()).containsExactly("default/gw");

        assertThat(store.remove("default/gw", 11).written()).isTrue();
        assertThat(store.liveGateways()).isEmpty();
        assertThat(store.write(snapshot("default/gw", 10, "late writer")).written()).isFalse();
        assertThat(new String((byte[]) redis.opsForHash().get(layout.snapshotKey("default/gw"), RedisLayout.VERSION_FIELD)))
                .isEqualTo("11");
    }

    @Test
    void everyLandedWriteIsAnnouncedAndRefusedOnesAreNot() {
        List<SnapshotNotice> notices = new CopyOnWriteArrayList<>();
        var subscription = connections.getConnection();
        subscription.subscribe((message, pattern) -> {
            try {
                notices.add(SnapshotNotice.parseFrom(message.getBody()));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, layout.noticeChannel().getBytes());
        try {
            await().until(() -> subscription.isSubscribed());
            store.write(snapshot("ns/a", 2, "x"));
            store.write(snapshot("ns/a", 1, "refused"));
            store.remove("ns/a", 3);

            await().untilAsserted(() -> assertThat(notices).containsExactly(
                    SnapshotNotice.newBuilder().setGateway("ns/a").setVersion(2).build(),
                    SnapshotNotice.newBuilder().setGateway("ns/a").setVersion(3).setRemoved(true).build()));
        } finally {
            subscription.close();
        }
    }

    private GatewaySnapshot stored(String gateway) throws Exception {
        byte[] data = (byte[]) redis.opsForHash().get(layout.snapshotKey(gateway), RedisLayout.DATA_FIELD);
        return GatewaySnapshot.parseFrom(data);
    }

    private static GatewaySnapshot snapshot(String gateway, long version, String marker) {
        return GatewaySnapshot.newBuilder()
                .setGateway(gateway)
                .setVersion(version)
                .setSourceObservedAt(com.google.protobuf.Timestamp.newBuilder().setSeconds(marker.hashCode()))
                .build();
    }
}
