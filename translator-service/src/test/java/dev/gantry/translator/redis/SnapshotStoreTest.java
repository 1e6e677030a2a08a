package dev.gantry.translator.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.Any;
import dev.gantry.proto.GatewaySnapshot;
import dev.gantry.proto.RedisLayout;
import dev.gantry.proto.SnapshotNotice;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
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
    private final FenceStore fences = new FenceStore(redis, layout);
    private final WriterFence fence = fences.acquire();

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
        assertThat(store.write(snapshot("default/gw", 5, "new"), fence).written()).isTrue();

        SnapshotWrite stale = store.write(snapshot("default/gw", 3, "stale"), fence);

        assertThat(stale.written()).isFalse();
        assertThat(stale.storedVersion()).isEqualTo(5);
        assertThat(stored("default/gw")).isEqualTo(snapshot("default/gw", 5, "new"));
        assertThat(store.write(snapshot("default/gw", 5, "same version"), fence).alreadyStored(5)).isTrue();
        assertThat(store.write(snapshot("default/gw", 6, "newer"), fence).written()).isTrue();
        assertThat(stored("default/gw").getSourceObservedAt().getSeconds()).isEqualTo("newer".hashCode());
    }

    @Test
    void aRemovalIsFencedTooAndLeavesTheVersionBehind() throws Exception {
        store.write(snapshot("default/gw", 10, "live"), fence);

        assertThat(store.remove("default/gw", 9, fence).written()).isFalse();
        assertThat(store.liveGateways()).containsExactly("default/gw");

        assertThat(store.remove("default/gw", 11, fence).written()).isTrue();
        assertThat(store.liveGateways()).isEmpty();
        assertThat(store.write(snapshot("default/gw", 10, "late writer"), fence).written()).isFalse();
        assertThat(new String((byte[]) redis.opsForHash().get(layout.snapshotKey("default/gw"), RedisLayout.VERSION_FIELD)))
                .isEqualTo("11");
    }

    @Test
    void everyLandedWriteIsAnnouncedAndRefusedOnesAreNot() {
        List<SnapshotNotice> notices = noticesOf(() -> {
            store.write(snapshot("ns/a", 2, "x"), fence);
            store.write(snapshot("ns/a", 1, "refused"), fence);
            store.remove("ns/a", 3, fence);
        }, 2);

        assertThat(notices).containsExactly(
                SnapshotNotice.newBuilder().setGateway("ns/a").setVersion(2).setIncarnation(fence.incarnation())
                        .addAllParts(RedisLayout.PARTS).build(),
                SnapshotNotice.newBuilder().setGateway("ns/a").setVersion(3).setRemoved(true)
                        .setIncarnation(fence.incarnation()).addAllParts(RedisLayout.PARTS).build());
    }

    @Test
    void aWriteOnTopOfTheLastOneSendsOnlyTheFamiliesThatChangedAndAnnouncesThem() throws Exception {
        List<SnapshotNotice> notices = noticesOf(() -> {
            GatewaySnapshot first = withResources(snapshot("ns/parts", 1, "one"), "route-1", "cluster-1");
            store.write(first, fence);
            GatewaySnapshot second = withResources(snapshot("ns/parts", 2, "two"), "route-2", "cluster-1");
            assertThat(store.write(second, first, fence).written()).isTrue();
        }, 2);

        assertThat(notices.get(1).getBaseVersion()).isEqualTo(1);
        assertThat(notices.get(1).getPartsList()).containsExactly(GatewaySnapshot.ROUTE_CONFIGURATIONS_FIELD_NUMBER);
        assertThat(notices.get(0).getBaseVersion()).isZero();
        assertThat(notices.get(0).getPartsList()).containsExactlyElementsOf(RedisLayout.PARTS);
        // the header and the untouched parts of version 1 with the new part make exactly version 2
        assertThat(stored("ns/parts")).isEqualTo(withResources(snapshot("ns/parts", 2, "two"), "route-2", "cluster-1"));
    }

    @Test
    void aWriteOnTopOfAVersionRedisNoLongerHoldsSendsEveryFamily() throws Exception {
        GatewaySnapshot first = withResources(snapshot("ns/rebase", 1, "one"), "route-1", "cluster-1");
        store.write(first, fence);
        redis.delete(layout.snapshotKey("ns/rebase")); // an operator, or another writer: the parts of 1 are gone
        GatewaySnapshot second = withResources(snapshot("ns/rebase", 2, "two"), "route-2", "cluster-1");

        List<SnapshotNotice> notices = noticesOf(() -> assertThat(store.write(second, first, fence).written()).isTrue(), 1);

        assertThat(notices.get(0).getBaseVersion()).isZero();
        assertThat(notices.get(0).getPartsList()).containsExactlyElementsOf(RedisLayout.PARTS);
        assertThat(stored("ns/rebase")).isEqualTo(second);
    }

    @Test
    void aRemovalEmptiesEveryPart() {
        store.write(withResources(snapshot("ns/gone", 1, "one"), "route-1", "cluster-1"), fence);

        assertThat(store.remove("ns/gone", 2, fence).written()).isTrue();

        List<byte[]> values = redis.<Object, byte[]>opsForHash().multiGet(layout.snapshotKey("ns/gone"),
                List.copyOf(RedisLayout.snapshotFields()));
        assertThat(values).allSatisfy(value -> assertThat(value).isEmpty());
        assertThat(RedisLayout.joinSnapshot(values)).isEmpty();
    }

    @Test
    void versionsAboveTwoToThe53AreComparedExactly() throws Exception {
        // Lua numbers are doubles: 2^62 + 1 and 2^62 + 2 would compare equal as numbers
        long base = SnapshotVersion.of(1L << 23, 1000);
        assertThat(store.write(snapshot("big/gw", base + 1, "first"), fence).written()).isTrue();

        assertThat(store.write(snapshot("big/gw", base + 2, "next position"), fence).written()).isTrue();
        assertThat(store.write(snapshot("big/gw", base + 1, "one behind"), fence).storedVersion()).isEqualTo(base + 2);
        assertThat(store.write(snapshot("big/gw", 999_999_999_999L, "fewer digits"), fence).written()).isFalse();
        assertThat(stored("big/gw").getVersion()).isEqualTo(base + 2);
    }

    @Test
    void aLaterEpochWinsWhateverItsPositionAndAnEarlierOneLoses() {
        WriterFence later = fences.acquire();
        assertThat(later.incarnation()).isEqualTo(fence.incarnation());
        assertThat(later.epoch()).isGreaterThan(fence.epoch());
        store.write(snapshot("epoch/gw", fence.version(5000), "old history, far along"), fence);

        assertThat(store.write(snapshot("epoch/gw", later.version(3), "new history, just started"), later).written()).isTrue();
        assertThat(store.write(snapshot("epoch/gw", fence.version(6000), "the old writer goes on"), fence).written()).isFalse();
    }

    @Test
    void aWriterOfAnotherIncarnationIsRefusedAndLearnsIt() {
        redis.delete(layout.fenceKey()); // what FLUSHALL does to the fence
        SnapshotWrite write = store.write(snapshot("flushed/gw", fence.version(1), "into an emptied Redis"), fence);

        assertThat(write.fenceChanged()).isTrue();
        assertThat(store.liveGateways()).isEmpty();
        assertThat(fences.incarnation()).isNull();
        WriterFence renewed = fences.acquire();
        assertThat(renewed.incarnation()).isNotEqualTo(fence.incarnation());
        assertThat(store.write(snapshot("flushed/gw", renewed.version(1), "rewritten"), renewed).written()).isTrue();
    }

    @Test
    void thePartitionCountOfAHistoryIsRecordedOnce() {
        assertThat(fences.recordPartitions("topic-a", 6)).isEqualTo(6);
        assertThat(fences.recordPartitions("topic-a", 8)).isEqualTo(6);
        assertThat(fences.recordPartitions("topic-b", 8)).isEqualTo(8);
    }

    private GatewaySnapshot stored(String gateway) throws Exception {
        List<byte[]> values = redis.<Object, byte[]>opsForHash().multiGet(layout.snapshotKey(gateway),
                List.copyOf(RedisLayout.snapshotFields()));
        return GatewaySnapshot.parseFrom(RedisLayout.joinSnapshot(values));
    }

    private List<SnapshotNotice> noticesOf(Runnable writes, int expected) {
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
            writes.run();
            await().until(() -> notices.size() >= expected);
            return List.copyOf(notices);
        } finally {
            subscription.close();
        }
    }

    private static GatewaySnapshot withResources(GatewaySnapshot snapshot, String route, String cluster) {
        return snapshot.toBuilder()
                .addListeners(Any.pack(Listener.newBuilder().setName("http").build()))
                .addRouteConfigurations(Any.pack(RouteConfiguration.newBuilder().setName(route).build()))
                .addClusters(Any.pack(Cluster.newBuilder().setName(cluster).build()))
                .build();
    }

    private static GatewaySnapshot snapshot(String gateway, long version, String marker) {
        return GatewaySnapshot.newBuilder()
                .setGateway(gateway)
                .setVersion(version)
                .setSourceObservedAt(com.google.protobuf.Timestamp.newBuilder().setSeconds(marker.hashCode()))
                .build();
    }
}
