package dev.gantry.translator.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.proto.GatewaySnapshot;
import dev.gantry.proto.RedisLayout;
import dev.gantry.proto.ResourceStatus;
import dev.gantry.translator.envoy.GatewayTranslator;
import dev.gantry.translator.model.ResourceIndex;
import dev.gantry.translator.model.TestResources;
import dev.gantry.translator.redis.SnapshotStore;
import dev.gantry.translator.redis.SnapshotVersion;
import dev.gantry.translator.redis.SnapshotWrite;
import dev.gantry.translator.redis.WriterFence;
import dev.gantry.translator.shard.ShardView;
import dev.gantry.translator.shard.WriteLease;
import dev.gantry.translator.shard.WriteLeases;
import dev.gantry.translator.snapshot.SnapshotValidator;
import dev.gantry.translator.status.ProgrammedState;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** What the publisher writes under which lease, and what it then says about it (Programmed). */
class SnapshotPublisherLeasesTest {

    private final ScriptedStore store = new ScriptedStore();
    private final SwitchableLeases leases = new SwitchableLeases();
    private final SnapshotPublisher publisher = new SnapshotPublisher(new GatewayTranslator(), store,
            SnapshotValidator.NONE, leases, new SimpleMeterRegistry());
    private final String other = IntStream.range(0, 100).mapToObj(i -> "infra/b" + i)
            .filter(name -> ShardView.shardOf(name, 2) != ShardView.shardOf("infra/a", 2)).findFirst().orElseThrow();
    private final ResourceIndex index = TestResources.index(gatewayClass(), gateway("a"), gateway(other.substring(6)));

    @Test
    void aRefusedWriteIsNeverReportedAsProgrammedAndSaysWhy() {
        leases.lease = lease(ShardView.ALL, "i1", 3);
        store.refuseWith = SnapshotVersion.of(9, 1);

        publisher.publish(index, 10, Instant.now());
        publisher.publish(index, 11, Instant.now()); // unchanged content: still not a write

        assertThat(publisher.programmed().get("infra/a")).isInstanceOfSatisfying(ProgrammedState.Pending.class,
                pending -> assertThat(pending.message()).contains("newer snapshot", "epoch 9 position 1", "epoch 3 position 11"));
        assertThat(store.attempts).extracting(GatewaySnapshot::getVersion)
                .as("each cycle tries again: a refused write is not remembered as written")
                .contains(SnapshotVersion.of(3, 10), SnapshotVersion.of(3, 11));

        store.refuseWith = null;
        publisher.publish(index, 12, Instant.now());
        assertThat(publisher.programmed().get("infra/a")).isEqualTo(new ProgrammedState.Written(SnapshotVersion.of(3, 12)));
    }

    @Test
    void aWriteIntoAnEmptiedRedisIsRefusedAndEverythingIsRewrittenUnderTheNextEpoch() {
        leases.lease = lease(ShardView.ALL, "i1", 1);
        store.incarnation = "i2"; // Redis was emptied (and taken up by another writer) since this lease was taken

        publisher.publish(index, 10, Instant.now());

        assertThat(store.redis).isEmpty();
        assertThat(publisher.programmed().get("infra/a")).isInstanceOfSatisfying(ProgrammedState.Pending.class,
                pending -> assertThat(pending.message()).contains("emptied"));
        assertThat(leases.lost).isTrue();
        assertThat(publisher.hasPending()).isTrue();

        leases.lease = lease(ShardView.ALL, "i2", 2);
        publisher.publish(index, 10, Instant.now()); // what the loop does while hasPending(): same input, new epoch

        assertThat(store.redis).containsOnlyKeys("infra/a", other);
        assertThat(store.redis.get("infra/a").getVersion()).isEqualTo(SnapshotVersion.of(2, 10));
        assertThat(publisher.programmed().get("infra/a")).isEqualTo(new ProgrammedState.Written(SnapshotVersion.of(2, 10)));
        assertThat(publisher.hasPending()).isFalse();
    }

    @Test
    void aNewLeaseRewritesEveryOwnedGatewayWithoutNewInput() {
        leases.lease = lease(ShardView.ALL, "i1", 1);
        publisher.publish(index, 10, Instant.now());
        store.redis.clear(); // FLUSHALL, noticed by the periodic check, which renews the lease
        store.incarnation = "i3";
        leases.lease = lease(ShardView.ALL, "i3", 1);

        publisher.publish(index, 10, Instant.now());

        assertThat(store.redis).containsOnlyKeys("infra/a", other);
        assertThat(store.redis.get(other).getVersion()).isEqualTo(SnapshotVersion.of(1, 10));
    }

    @Test
    void onlyTheOwnedGatewayIsWrittenAndReportedAndANewOwnerRewritesIt() {
        ShardView ownsA = new ShardView(1, 2, Set.of(ShardView.shardOf("infra/a", 2)));
        leases.lease = lease(ownsA, "i1", 4);

        PublishOutcome outcome = publisher.publish(index, 10, Instant.now());

        assertThat(store.redis).containsOnlyKeys("infra/a");
        assertThat(outcome.programmed()).containsOnlyKeys("infra/a");
        assertThat(outcome.statuses()).extracting(ResourceStatus::getName).contains("a").doesNotContain(other.substring(6));

        ShardView ownsB = new ShardView(2, 2, Set.of(ShardView.shardOf(other, 2)));
        leases.lease = lease(ownsB, "i1", 5);
        outcome = publisher.publish(index, 10, Instant.now());

        assertThat(store.redis.get(other).getVersion()).isEqualTo(SnapshotVersion.of(5, 10));
        assertThat(store.redis.get("infra/a").getVersion()).as("no longer ours: left alone").isEqualTo(SnapshotVersion.of(4, 10));
        assertThat(outcome.programmed()).containsOnlyKeys(other);
    }

    @Test
    void withoutAWriteEpochNothingIsWrittenAndOnlyWhatIsAlreadyInRedisStaysProgrammed() {
        leases.lease = null;

        publisher.publish(index, 10, Instant.now());

        assertThat(store.attempts).isEmpty();
        assertThat(publisher.programmed().get("infra/a")).isInstanceOf(ProgrammedState.Pending.class);
        assertThat(publisher.hasPending()).isTrue();

        leases.lease = lease(ShardView.ALL, "i1", 1);
        publisher.publish(index, 11, Instant.now());
        leases.lease = null; // Redis away again
        ResourceIndex changedB = TestResources.index(gatewayClass(), gateway("a"), gateway(other.substring(6))
                .replace("port: 80", "port: 81"));
        publisher.publish(changedB, 12, Instant.now());

        assertThat(publisher.programmed().get("infra/a")).as("unchanged, written before: still in Redis")
                .isEqualTo(new ProgrammedState.Written(SnapshotVersion.of(1, 11)));
        assertThat(publisher.programmed().get(other)).as("changed, not written").isInstanceOf(ProgrammedState.Pending.class);
        assertThat(publisher.hasPending()).isTrue();
    }

    private static WriteLease lease(ShardView view, String incarnation, long epoch) {
        return new WriteLease(view, new WriterFence(incarnation, epoch));
    }

    private static String gatewayClass() {
        return """
                apiVersion: gateway.networking.k8s.io/v1
                kind: GatewayClass
                metadata: {name: gantry}
                spec: {controllerName: gantry.dev/gateway-controller}
                """;
    }

    private static String gateway(String name) {
        return """
                apiVersion: gateway.networking.k8s.io/v1
                kind: Gateway
                metadata: {namespace: infra, name: %s}
                spec:
                  gatewayClassName: gantry
                  listeners: [{name: http, port: 80, protocol: HTTP}]
                """.formatted(name);
    }

    /** Leases the test hands out by hand. */
    private static final class SwitchableLeases implements WriteLeases {
        WriteLease lease;
        boolean lost;

        @Override
        public Optional<WriteLease> current() {
            return Optional.ofNullable(lease);
        }

        @Override
        public void fenceChanged(WriteLease fenced) {
            lost = true;
        }

        @Override
        public boolean renewalDue() {
            return false;
        }

        @Override
        public ShardView view() {
            return lease == null ? ShardView.ALL : lease.view();
        }
    }

    /** Redis as a map, with the compare-and-set and the fence of write-snapshot.lua. */
    private static final class ScriptedStore extends SnapshotStore {
        final Map<String, GatewaySnapshot> redis = new HashMap<>();
        final List<GatewaySnapshot> attempts = new ArrayList<>();
        String incarnation = "i1";
        Long refuseWith;

        ScriptedStore() {
            super(null, new RedisLayout("test:"));
        }

        @Override
        public SnapshotWrite write(GatewaySnapshot snapshot, GatewaySnapshot base, WriterFence fence) {
            attempts.add(snapshot);
            if (!fence.incarnation().equals(incarnation)) {
                return new SnapshotWrite(SnapshotWrite.Outcome.FENCE_CHANGED, -1);
            }
            if (refuseWith != null) {
                return new SnapshotWrite(SnapshotWrite.Outcome.REFUSED, refuseWith);
            }
            redis.put(snapshot.getGateway(), snapshot);
            return SnapshotWrite.written(snapshot.getVersion());
        }

        @Override
        public SnapshotWrite remove(String gateway, long version, WriterFence fence) {
            redis.remove(gateway);
            return SnapshotWrite.written(version);
        }

        @Override
        public Set<String> liveGateways() {
            return Set.copyOf(redis.keySet());
        }
    }
}
