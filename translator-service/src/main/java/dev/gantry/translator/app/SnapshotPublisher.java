package dev.gantry.translator.app;

import com.google.protobuf.Any;
import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;
import dev.gantry.proto.GatewaySnapshot;
import dev.gantry.translator.envoy.EnvoyResources;
import dev.gantry.translator.envoy.GatewayTranslator;
import dev.gantry.translator.model.ResourceIndex;
import dev.gantry.translator.redis.SnapshotStore;
import dev.gantry.translator.redis.SnapshotWrite;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the resource index into one snapshot per Gateway and stores those whose Envoy resources
 * changed. Remembers what Redis holds, so an unchanged Gateway costs a translation but no write, and
 * a failed write is retried on the next cycle.
 */
public class SnapshotPublisher {

    private static final Logger log = LoggerFactory.getLogger(SnapshotPublisher.class);

    private final GatewayTranslator translator;
    private final SnapshotStore store;
    /** Per Gateway, the Envoy resources (serialized) Redis is known to hold. */
    private final Map<String, GatewaySnapshot> stored = new HashMap<>();
    private final Set<String> pending = new HashSet<>();
    private boolean reconciled;

    private final Timer translation;
    private final Counter written;
    private final Counter refused;
    private final Counter failed;

    public SnapshotPublisher(GatewayTranslator translator, SnapshotStore store, MeterRegistry meters) {
        this.translator = translator;
        this.store = store;
        this.translation = Timer.builder("gantry.translator.translation").register(meters);
        this.written = Counter.builder("gantry.translator.snapshots.written").register(meters);
        this.refused = Counter.builder("gantry.translator.snapshots.refused")
                .description("writes refused because Redis holds a newer version").register(meters);
        this.failed = Counter.builder("gantry.translator.snapshots.failed").register(meters);
    }

    /** True when an earlier write failed and must be retried even without new input. */
    public boolean hasPending() {
        return !pending.isEmpty() || !reconciled;
    }

    /**
     * Translates every Gateway of the index and writes the changed ones at {@code version}, which must
     * grow with the input consumed.
     */
    public void publish(ResourceIndex index, long version, Instant sourceObservedAt) {
        List<String> gateways = translator.gateways(index);
        Set<String> gone = new HashSet<>(stored.keySet());
        if (!reconciled) {
            gone.addAll(liveInRedis());
        }
        gateways.forEach(gone::remove);
        pending.clear();
        for (String gateway : gateways) {
            GatewaySnapshot content = translation.record(() -> snapshotOf(gateway, translator.translate(index, gateway)));
            if (!content.equals(stored.get(gateway))) {
                write(content.toBuilder().setVersion(version)
                        .setSourceObservedAt(timestamp(sourceObservedAt))
                        .setTranslatedAt(timestamp(Instant.now()))
                        .build(), content);
            }
        }
        for (String gateway : gone) {
            remove(gateway, version);
        }
    }

    private Set<String> liveInRedis() {
        try {
            Set<String> live = store.liveGateways();
            reconciled = true;
            return live;
        } catch (RuntimeException e) {
            log.warn("Cannot list the snapshots in Redis, will retry: {}", e.getMessage());
            return Set.of();
        }
    }

    private void write(GatewaySnapshot snapshot, GatewaySnapshot content) {
        String gateway = snapshot.getGateway();
        try {
            SnapshotWrite result = store.write(snapshot);
            if (result.written()) {
                written.increment();
                log.debug("Stored snapshot of {} at version {}", gateway, snapshot.getVersion());
            } else if (!result.alreadyStored(snapshot.getVersion())) {
                refused.increment();
                log.warn("Redis holds version {} of {}, newer than ours ({}); another translator owns it",
                        result.storedVersion(), gateway, snapshot.getVersion());
            }
            stored.put(gateway, content);
        } catch (RuntimeException e) {
            failed.increment();
            pending.add(gateway);
            log.warn("Cannot store the snapshot of {}, will retry: {}", gateway, e.getMessage());
        }
    }

    private void remove(String gateway, long version) {
        try {
            store.remove(gateway, version);
            stored.remove(gateway);
            log.info("Removed the snapshot of {}", gateway);
        } catch (RuntimeException e) {
            failed.increment();
            pending.add(gateway);
            log.warn("Cannot remove the snapshot of {}, will retry: {}", gateway, e.getMessage());
        }
    }

    /** The snapshot's content alone (no version, no times), so that equal content compares equal. */
    public static GatewaySnapshot snapshotOf(String gateway, EnvoyResources resources) {
        return GatewaySnapshot.newBuilder()
                .setGateway(gateway)
                .addAllListeners(packed(resources.listeners()))
                .addAllApiListeners(packed(resources.apiListeners()))
                .addAllRouteConfigurations(packed(resources.routeConfigurations()))
                .addAllClusters(packed(resources.clusters()))
                .addAllClusterLoadAssignments(packed(resources.clusterLoadAssignments()))
                .addAllSecrets(packed(resources.secrets()))
                .build();
    }

    private static List<Any> packed(List<? extends Message> messages) {
        return messages.stream().map(Any::pack).toList();
    }

    private static Timestamp timestamp(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }
}
