package dev.gantry.translator.app;

import dev.gantry.translator.snapshot.SnapshotValidator;
import dev.gantry.translator.snapshot.SnapshotPacker;
import com.google.protobuf.Timestamp;
import dev.gantry.proto.GatewaySnapshot;
import dev.gantry.translator.envoy.EnvoyResources;
import dev.gantry.translator.envoy.GatewayTranslator;
import dev.gantry.translator.envoy.TranslationResult;
import dev.gantry.translator.model.ResourceIndex;
import dev.gantry.translator.redis.SnapshotStore;
import dev.gantry.translator.redis.SnapshotWrite;
import dev.gantry.translator.status.ProgrammedState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the resource index into one snapshot per Gateway and stores those whose Envoy resources
 * changed. Remembers what Redis holds, so an unchanged Gateway costs a translation but no write, and
 * a failed write is retried on the next cycle. Tells what became of each Gateway's snapshot (see
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
    private final Set<String> pending = new HashSet<>();
    private boolean reconciled;

    private final Timer translation;
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
        this.translator = translator;
        this.store = store;
        this.validator = validator;
        this.translation = Timer.builder("gantry.translator.translation").register(meters);
        this.written = Counter.builder("gantry.translator.snapshots.written").register(meters);
        this.refused = Counter.builder("gantry.translator.snapshots.refused")
                .description("writes refused because Redis holds a newer version").register(meters);
        this.failed = Counter.builder("gantry.translator.snapshots.failed").register(meters);
        this.invalid = Counter.builder("gantry.translator.snapshots.invalid")
                .description("snapshots not written because the validator refused them").register(meters);
    }

    /** True when an earlier write failed and must be retried even without new input. */
    public boolean hasPending() {
        return !pending.isEmpty() || !reconciled;
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
     * Translates every Gateway of the index and writes the changed ones at {@code version}, which must
     * grow with the input consumed. Returns the statuses of the translation and what was written.
     */
    public PublishOutcome publish(ResourceIndex index, long version, Instant sourceObservedAt) {
        TranslationResult result = translation.record(() -> translator.translateAll(index));
        Set<String> gone = new HashSet<>(stored.keySet());
        if (!reconciled) {
            gone.addAll(liveInRedis());
        }
        gone.removeAll(result.gateways().keySet());
        programmed.keySet().retainAll(result.gateways().keySet());
        pending.clear();
        result.gateways().forEach((gateway, resources) -> {
            Optional<String> problems = validator.problems(gateway, resources);
            if (problems.isPresent()) {
                // The last good snapshot stays: Envoy keeps working on it while the input is fixed.
                log.warn("Not writing the snapshot of {}: {}", gateway, problems.get());
                programmed.put(gateway, new ProgrammedState.Invalid(problems.get()));
                invalid.increment();
                return;
            }
            GatewaySnapshot content = packer.snapshotOf(gateway, resources);
            if (!content.equals(stored.get(gateway))) {
                write(content.toBuilder().setVersion(version)
                        .setSourceObservedAt(timestamp(sourceObservedAt))
                        .setTranslatedAt(timestamp(Instant.now()))
                        .build(), content);
            } else if (!(programmed.get(gateway) instanceof ProgrammedState.Written)) {
                programmed.put(gateway, new ProgrammedState.Written(version));
            }
        });
        for (String gateway : gone) {
            remove(gateway, version);
        }
        return new PublishOutcome(result.statuses(), programmed);
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
                programmed.put(gateway, new ProgrammedState.Written(snapshot.getVersion()));
                log.debug("Stored snapshot of {} at version {}", gateway, snapshot.getVersion());
            } else if (result.alreadyStored(snapshot.getVersion())) {
                programmed.put(gateway, new ProgrammedState.Written(snapshot.getVersion()));
            } else {
                refused.increment();
                programmed.put(gateway, new ProgrammedState.Pending("another translator holds a newer snapshot"));
                log.warn("Redis holds version {} of {}, newer than ours ({}); another translator owns it",
                        result.storedVersion(), gateway, snapshot.getVersion());
            }
            stored.put(gateway, content);
        } catch (RuntimeException e) {
            failed.increment();
            pending.add(gateway);
            programmed.put(gateway, new ProgrammedState.Pending("writing the snapshot failed, will retry"));
            log.warn("Cannot store the snapshot of {}, will retry: {}", gateway, e.getMessage());
        }
    }

    private void remove(String gateway, long version) {
        try {
            store.remove(gateway, version);
            stored.remove(gateway);
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
