package dev.gantry.translator.app;

import dev.gantry.translator.snapshot.SnapshotValidator;
import dev.gantry.translator.snapshot.SnapshotPacker;
import com.google.protobuf.Timestamp;
import dev.gantry.proto.GatewaySnapshot;
import dev.gantry.proto.SourceChange;
import dev.gantry.translator.envoy.EnvoyResources;
import dev.gantry.translator.envoy.GatewayTranslator;
import dev.gantry.translator.envoy.TranslationResult;
import dev.gantry.translator.model.ResourceIndex;
import dev.gantry.translator.redis.SnapshotStore;
import dev.gantry.translator.redis.SnapshotVersion;
import dev.gantry.translator.redis.SnapshotWrite;
import dev.gantry.translator.shard.ShardView;
import dev.gantry.translator.shard.WriteLease;
import dev.gantry.translator.shard.WriteLeases;
import dev.gantry.translator.status.ProgrammedState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Instant;
import dev.gantry.proto.ResourceKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the resource index into one snapshot per Gateway and stores those whose Envoy resources
 * changed, for the Gateways this replica owns ({@link WriteLeases}): only those are translated. Remembers what Redis holds, so an
 * unchanged Gateway costs a translation but no write, and a failed write is retried on the next cycle; a
 * refused write is not remembered as written. Tells what became of each Gateway's snapshot (see
 * {@link #programmed()}), which is what the Gateway's {@code Programmed} condition reports.
 */
public class SnapshotPublisher {

    private static final Logger log = LoggerFactory.getLogger(SnapshotPublisher.class);

    private final GatewayTranslator translator;
    private final SnapshotStore store;
    private final SnapshotValidator validator;
    private final SnapshotPacker packer = new SnapshotPacker();
    /** Per Gateway, what became of its latest translation. */
    private final Map<String, ProgrammedState> programmed = new TreeMap<>();
    /** Per Gateway, the Envoy resources (serialized) Redis is known to hold. */
    private final Map<String, GatewaySnapshot> stored = new HashMap<>();
    /**
     * The snapshot last written per Gateway under the current lease, version included: the next write sends only
     * the parts that differ from it (SnapshotStore). Kept exactly as long as {@link #stored}.
     */
    private final Map<String, GatewaySnapshot> bases = new HashMap<>();
    private final Set<String> pending = new HashSet<>();
    /**
     * Gateways a removal may still be owed for, whatever Redis lists: those this publisher wrote and has not removed
     * since, and those it read the deletion of ({@link #deleted}). Looked at when a new lease starts (Redis may have
     * been emptied, and an xds-service keeps serving what it held).
     */
    private final Set<String> removable = new HashSet<>();
    private final WriteLeases leases;
    /** The lease of the last cycle; a different one means a new epoch, so everything owned is written again. */
    private WriteLease lease;
    private boolean reconciled;
    /** The last cycle could take no lease, so nothing was written. */
    private boolean withoutLease;

    private static final String REWRITING = "Redis was emptied or replaced; rewriting the snapshot under a new epoch";

    private final Timer translation;
    private final AtomicInteger translatedGateways;
    private final Counter written;
    private final Counter refused;
    private final Counter failed;
    private final Counter invalid;

    public SnapshotPublisher(GatewayTranslator translator, SnapshotStore store, MeterRegistry meters) {
        this(translator, store, SnapshotValidator.NONE, meters);
    }

    /** @param validator checks each snapshot before it is written; a refused one is not written */
    public SnapshotPublisher(GatewayTranslator translator, SnapshotStore store, SnapshotValidator validator,
            MeterRegistry meters) {
        this(translator, store, validator, WriteLeases.unfenced(), meters);
    }

    /**
     * @param leases which Gateways this replica translates and writes, and the fence its writes carry
     */
    public SnapshotPublisher(GatewayTranslator translator, SnapshotStore store, SnapshotValidator validator,
            WriteLeases leases, MeterRegistry meters) {
        this(translator, store, validator, leases, meters, new AtomicInteger());
    }

    /** @param translatedGateways set after each cycle to the number of Gateways it translated (a gauge reads it) */
    public SnapshotPublisher(GatewayTranslator translator, SnapshotStore store, SnapshotValidator validator,
            WriteLeases leases, MeterRegistry meters, AtomicInteger translatedGateways) {
        this.translatedGateways = translatedGateways;
        this.translator = translator;
        this.store = store;
        this.validator = validator;
        this.leases = leases;
        this.translation = Timer.builder("gantry.translator.translation").register(meters);
        this.written = Counter.builder("gantry.translator.snapshots.written").register(meters);
        this.refused = Counter.builder("gantry.translator.snapshots.refused")
                .description("writes refused because Redis holds a newer version").register(meters);
        this.failed = Counter.builder("gantry.translator.snapshots.failed").register(meters);
        this.invalid = Counter.builder("gantry.translator.snapshots.invalid")
                .description("snapshots not written because the validator refused them").register(meters);
    }

    /**
     * True when something must be written even without new input: an earlier write failed, or the write lease must
     * be renewed (ownership moved, or Redis was emptied: this checks Redis's incarnation every few seconds).
     */
    public boolean hasPending() {
        return !pending.isEmpty() || !reconciled || withoutLease || leases.renewalDue();
    }

    /**
     * The resources topic says {@code gateway} ({@code <namespace>/<name>}) was deleted (a tombstone, also those read
     * at start): if this replica owns it, a removal is written at its next new lease, so a Gateway deleted while
     * Redis was empty or down (or before a restart) does not stay served by an xds-service that held it.
     */
    public void deleted(String gateway) {
        removable.add(gateway);
    }

    /**
     * Why the latest translation of {@code gateway} ({@code <namespace>/<name>}) was not written (the
     * validator's problems: each invalid resource, field path and rule), or empty when it was not
     * refused. While present, the last good snapshot keeps being served and the Gateway's Programmed
     * condition is False/Invalid with this message.
     */
    public Optional<String> rejection(String gateway) {
        return programmed.get(gateway) instanceof ProgrammedState.Invalid refused
                ? Optional.of(refused.message()) : Optional.empty();
    }

    /** Per Gateway ({@code <namespace>/<name>}), what became of the snapshot of its latest translation. */
    public Map<String, ProgrammedState> programmed() {
        return Map.copyOf(programmed);
    }

    /**
     * Translates the Gateways of the index this replica owns and writes the changed ones, at a version made of
     * its epoch and {@code position}, which must grow with the input consumed. Returns the statuses of the owned
     * objects and what became of each owned Gateway's snapshot.
     */
    public PublishOutcome publish(ResourceIndex index, long position, Instant sourceObservedAt) {
        return publish(index, position, sourceObservedAt, null);
    }

    /**
     * As {@link #publish(ResourceIndex, long, Instant)}, each snapshot written carrying {@code cause} (may be null):
     * the source change it is traced to, from the watcher to each proxy's ACK.
     */
    public PublishOutcome publish(ResourceIndex index, long position, Instant sourceObservedAt, SourceChange cause) {
        // The lease first: its view says which Gateways are ours, and only those are translated. A view new to this
        // publisher (shards taken over) gives a full translation of its Gateways before anything is written; what
        // the translator kept of Gateways no longer owned is dropped by the same round.
        ShardView before = leases.view();
        Optional<WriteLease> current = leases.current();
        ShardView view = current.map(WriteLease::view).orElseGet(leases::view);
        if (current.isEmpty() && (view.generation() != before.generation() || leases.inputBehind(view))) {
            // The shards moved while the lease was being taken: this cycle's view is already old. Or the input has
            // not yet caught up with what the shards' previous owners read (writing now could put an older change
            // over theirs). Nothing is translated, written or reported under it (a Gateway just taken over would be
            // reported Pending for a moment); a later poll takes a lease for the view.
            withoutLease = true;
            return PublishOutcome.unsettled(view);
        }
        TranslationResult result = translation.record(() -> translator.translateAll(index, view));
        translatedGateways.set(result.gateways().size());
        programmed.keySet().removeIf(gateway -> !result.gateways().containsKey(gateway) || !view.owns(gateway));
        pending.clear();
        withoutLease = false;
        if (current.isEmpty()) {
            holdWithoutLease(result, view);
            return outcome(index, result, view);
        }
        if (!current.get().equals(lease)) {
            // A new epoch (start, rebalance, emptied Redis): Redis may not hold what we last wrote, so every owned
            // Gateway is written again, and Gateways gone from the input are looked up in Redis again.
            stored.clear();
            bases.clear();
            reconciled = false;
            lease = current.get();
        }
        WriteLease writing = lease;
        Set<String> gone = new HashSet<>(stored.keySet());
        if (!reconciled) {
            gone.addAll(liveInRedis());
            // An emptied Redis lists nothing, but xds-service still serves what it held before: a Gateway deleted
            // meanwhile must be removed in the new incarnation too, or it stays served.
            gone.addAll(removable);
        }
        gone.removeAll(result.gateways().keySet());
        gone.removeIf(gateway -> !writing.owns(gateway));
        stored.keySet().removeIf(gateway -> !writing.owns(gateway));
        bases.keySet().retainAll(stored.keySet());
        long version = writing.version(position);
        result.gateways().forEach((gateway, resources) -> {
            if (!writing.owns(gateway)) {
                return;
            }
            Optional<String> problems = validator.problems(gateway, resources);
            if (problems.isPresent()) {
                // The last good snapshot stays: Envoy keeps working on it while the input is fixed.
                log.warn("Not writing the snapshot of {}: {}", gateway, problems.get());
                programmed.put(gateway, new ProgrammedState.Invalid(problems.get()));
                invalid.increment();
                return;
            }
            GatewaySnapshot content = packer.snapshotOf(gateway, resources);
            if (lease != writing) {
                // the fence changed during this cycle: nothing more is written under it
                pending.add(gateway);
                programmed.put(gateway, new ProgrammedState.Pending(REWRITING));
            } else if (!content.equals(stored.get(gateway))) {
                GatewaySnapshot.Builder written = content.toBuilder().setVersion(version)
                        .setSourceObservedAt(timestamp(sourceObservedAt))
                        .setTranslatedAt(timestamp(Instant.now()));
                if (cause != null) {
                    written.setSourceChange(cause);
                }
                write(writing, written.build(), content);
            } else if (!(programmed.get(gateway) instanceof ProgrammedState.Written)) {
                programmed.put(gateway, new ProgrammedState.Written(version));
            }
        });
        for (String gateway : gone) {
            if (lease == writing) {
                remove(writing, gateway, version);
            }
        }
        return outcome(index, result, view);
    }

    /**
     * No write is possible now (Redis unreachable, or the assignment moved while an epoch was taken). A Gateway
     * whose current content our last lease already wrote stays Programmed (it is in Redis); any other waits.
     */
    private void holdWithoutLease(TranslationResult result, ShardView view) {
        result.gateways().forEach((gateway, resources) -> {
            if (!view.owns(gateway) || programmed.get(gateway) instanceof ProgrammedState.Invalid) {
                return;
            }
            boolean inRedis = programmed.get(gateway) instanceof ProgrammedState.Written
                    && packer.snapshotOf(gateway, resources).equals(stored.get(gateway));
            if (!inRedis) {
                programmed.put(gateway, new ProgrammedState.Pending(
                        "Redis cannot be written now (no write epoch could be taken); will retry"));
                pending.add(gateway);
            }
        });
        withoutLease = true; // hasPending() stays true: the lease is retried on the next poll
    }

    private PublishOutcome outcome(ResourceIndex index, TranslationResult result, ShardView view) {
        return new PublishOutcome(result.statuses(), programmed, view, () -> partedObjects(index));
    }

    /** The resource keys of the objects whose status goes in parts by shard (routes, BackendTLSPolicies). */
    private static List<String> partedObjects(ResourceIndex index) {
        List<String> keys = new ArrayList<>();
        Stream.of(index.httpRoutes(), index.grpcRoutes(), index.tlsRoutes(), index.tcpRoutes(), index.backendTlsPolicies())
                .flatMap(List::stream)
                .forEach(object -> keys.add(ResourceKey.of(object.getApiVersion(), object.getKind(),
                        object.getMetadata().getNamespace(), object.getMetadata().getName()).toString()));
        return keys;
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

    private void write(WriteLease writing, GatewaySnapshot snapshot, GatewaySnapshot content) {
        String gateway = snapshot.getGateway();
        try {
            SnapshotWrite result = store.write(snapshot, bases.get(gateway), writing.fence());
            if (result.written()) {
                written.increment();
                programmed.put(gateway, new ProgrammedState.Written(snapshot.getVersion()));
                stored.put(gateway, content);
                removable.add(gateway);
                bases.put(gateway, snapshot);
                log.debug("Stored snapshot of {} at {}", gateway, SnapshotVersion.describe(snapshot.getVersion()));
            } else if (result.alreadyStored(snapshot.getVersion())) {
                programmed.put(gateway, new ProgrammedState.Written(snapshot.getVersion()));
                stored.put(gateway, content);
                removable.add(gateway);
                bases.put(gateway, snapshot);
            } else if (result.fenceChanged()) {
                leases.fenceChanged(writing);
                lease = null;
                pending.add(gateway);
                programmed.put(gateway, new ProgrammedState.Pending(REWRITING));
            } else {
                // Not a write: Programmed stays Pending and says why. Not retried without new input either (a writer
                // of a later epoch owns the Gateway; our lease moves with the next rebalance).
                refused.increment();
                String why = "Redis holds a newer snapshot of this Gateway (" + SnapshotVersion.describe(result.storedVersion())
                        + ") than this translator's (" + SnapshotVersion.describe(snapshot.getVersion())
                        + "): another translator replica writes it now";
                programmed.put(gateway, new ProgrammedState.Pending(why));
                log.warn("Not written: {}: {}", gateway, why);
            }
        } catch (RuntimeException e) {
            failed.increment();
            pending.add(gateway);
            programmed.put(gateway, new ProgrammedState.Pending("writing the snapshot to Redis failed, will retry: "
                    + e.getMessage()));
            log.warn("Cannot store the snapshot of {}, will retry: {}", gateway, e.getMessage());
        }
    }

    private void remove(WriteLease writing, String gateway, long version) {
        try {
            SnapshotWrite result = store.remove(gateway, version, writing.fence());
            if (result.fenceChanged()) {
                leases.fenceChanged(writing);
                lease = null;
                pending.add(gateway);
                return;
            }
            stored.remove(gateway);
            removable.remove(gateway);
            bases.remove(gateway);
            packer.forget(gateway);
            validator.forget(gateway);
            log.info("Removed the snapshot of {}", gateway);
        } catch (RuntimeException e) {
            failed.increment();
            pending.add(gateway);
            log.warn("Cannot remove the snapshot of {}, will retry: {}", gateway, e.getMessage());
        }
    }

    private static Timestamp timestamp(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }
}
