package dev.gantry.xds.redis;

import dev.gantry.xds.server.GatewaySnapshotRegistry;
import dev.gantry.xds.snapshot.GatewayResources;
import dev.gantry.xds.snapshot.GatewaySnapshotParser;
import dev.gantry.xds.snapshot.InvalidSnapshotException;
import dev.gantry.xds.snapshot.SealedSecrets;
import dev.gantry.xds.tracing.ChangeTracing;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Loads one Gateway's snapshot from Redis and hands it to the registry when it is newer than what is served.
 * A snapshot that cannot be served is logged and counted once per version, and the previous one stays.
 */
@Component
public class SnapshotLoader {

    private static final Logger log = LoggerFactory.getLogger(SnapshotLoader.class);

    /** What became of one load, for callers and tests. */
    public enum Outcome { APPLIED, REMOVED, UP_TO_DATE, ABSENT, REJECTED }

    private final RedisSnapshotReader reader;
    private final GatewaySnapshotRegistry registry;
    private final MeterRegistry meters;
    private final SealedSecrets sealedSecrets;
    private final ChangeTracing tracing;
    /** The last refused version per Gateway, so a reconcile pass does not report the same refusal again. */
    private final Map<String, Long> refused = new ConcurrentHashMap<>();

    public SnapshotLoader(RedisSnapshotReader reader, GatewaySnapshotRegistry registry, MeterRegistry meters,
            SealedSecrets sealedSecrets, ChangeTracing tracing) {
        this.reader = reader;
        this.tracing = tracing;
        this.sealedSecrets = sealedSecrets;
        this.registry = registry;
        this.meters = meters;
    }

    /** Redis started a new incarnation: versions refused before say nothing about the new ones. */
    public void forgetRefusals() {
        refused.clear();
    }

    /** Loads the Gateway unless Redis's version shows there is nothing new (the cheap check of a reconcile). */
    public Outcome loadIfNewer(String gateway) {
        Long version = reader.version(gateway);
        if (version == null) {
            return Outcome.ABSENT;
        }
        if (version <= registry.heldVersion(gateway) || version.equals(refused.get(gateway))) {
            return Outcome.UP_TO_DATE;
        }
        return apply(reader.read(gateway));
    }

    /**
     * Serialised: a snapshot read in part is parsed on top of the one served, which must still be the one it was
     * read against when it is parsed.
     */
    public synchronized Outcome apply(StoredSnapshot stored) {
        String gateway = stored.gateway();
        if (stored.partial() && stored.base() != registry.heldVersion(gateway)) {
            stored = reader.read(gateway);
        }
        if (!stored.exists()) {
            return Outcome.ABSENT;
        }
        long version = stored.version();
        if (version <= registry.heldVersion(gateway)) {
            return Outcome.UP_TO_DATE;
        }
        if (stored.removed()) {
            tracing.removed(gateway);
            return registry.remove(gateway, version) ? Outcome.REMOVED : Outcome.UP_TO_DATE;
        }
        GatewayResources resources;
        try {
            resources = sealedSecrets.open(GatewaySnapshotParser.parse(gateway, version, stored.data(),
                    registry.served(gateway), stored.parts()));
        } catch (InvalidSnapshotException e) {
            reject(gateway, version, e);
            return Outcome.REJECTED;
        }
        refused.remove(gateway);
        // before the registry: putting it into service sends responses at once, and they are traced to it
        tracing.serving(gateway, version, stored.data());
        if (!registry.apply(resources)) {
            return Outcome.UP_TO_DATE;
        }
        Counter.builder("gantry.xds.snapshots.applied").description("Gateway snapshots put into service")
                .register(meters).increment();
        return Outcome.APPLIED;
    }

    private void reject(String gateway, long version, InvalidSnapshotException e) {
        Long previous = refused.put(gateway, version);
        if (previous != null && previous == version) {
            return;
        }
        log.error("refusing snapshot of gateway {} version {} ({}): {}; still serving version {}",
                gateway, version, e.reason(), e.getMessage(), registry.heldVersion(gateway));
        Counter.builder("gantry.xds.snapshots.rejected").description("Gateway snapshots refused as unservable")
                .tag("reason", e.reason()).register(meters).increment();
    }
}
