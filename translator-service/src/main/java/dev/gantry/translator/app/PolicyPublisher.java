package dev.gantry.translator.app;

import dev.gantry.proto.PolicyConfig;
import dev.gantry.translator.model.ResourceIndex;
import dev.gantry.translator.policy.PolicyConfigs;
import dev.gantry.translator.redis.PolicyStore;
import dev.gantry.translator.redis.SnapshotWrite;
import dev.gantry.translator.redis.WriterFence;
import dev.gantry.translator.shard.WriteLease;
import dev.gantry.translator.shard.WriteLeases;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps Redis's policy configurations (for ratelimit-service and extauth-service) equal to the accepted
 * RateLimitConfigs and AuthConfigs of the index: after a batch it writes those whose content changed, and removes
 * (fences) those deleted or rejected. Like snapshots, only under a {@link WriteLease}: the keys this replica owns
 * (a policy belongs to the shard of {@code <kind>/<namespace>/<name>}), at the lease's version, so a replica that
 * lost the shard, or wrote in an older history, always loses; a new lease (a new epoch) rewrites everything owned. The first round also removes what Redis lists
 * as live but the index does not hold (deleted while no translator ran). A write Redis refuses as older than what it
 * holds is left there: a translator further ahead wrote it. A write that fails (Redis away) is tried again after the
 * next batch. Never logs a configuration: AuthConfigs carry sealed Secrets.
 */
public class PolicyPublisher {

    private static final Logger log = LoggerFactory.getLogger(PolicyPublisher.class);

    private final PolicyStore store;
    private final WriteLeases leases;
    /** The fence of the lease the written configurations were written under; another lease rewrites them all. */
    private WriterFence writtenUnder;
    private final Map<String, PolicyConfig> written = new HashMap<>();
    private Set<String> live;
    private boolean pending;
    private final Counter writes;
    private final Counter refused;

    public PolicyPublisher(PolicyStore store, WriteLeases leases, MeterRegistry meters) {
        this.store = store;
        this.leases = leases;
        this.writes = meters == null ? null : Counter.builder("gantry.translator.policy.writes")
                .description("policy configurations written to or removed from Redis").register(meters);
        this.refused = meters == null ? null : Counter.builder("gantry.translator.policy.refused")
                .description("policy writes refused because Redis holds a newer version").register(meters);
    }

    /** Whether a write failed and should be tried again even without new records. */
    public boolean hasPending() {
        return pending;
    }

    /** Writes what changed since the last call, at the current lease's version of input {@code position}. */
    public void publish(ResourceIndex index, long position) {
        pending = false;
        try {
            Optional<WriteLease> current = leases.current();
            if (current.isEmpty()) {
                pending = true;
                return;
            }
            WriteLease lease = current.get();
            if (!lease.fence().equals(writtenUnder)) {
                // a new epoch (Redis emptied, shards moved, a new topic history): what was written may be gone
                written.clear();
                live = null;
                writtenUnder = lease.fence();
            }
            long version = lease.version(position);
            if (live == null) {
                Set<String> found = new HashSet<>();
                for (String kind : PolicyConfigs.kinds()) {
                    store.live(kind).forEach(member -> found.add(kind + "/" + member));
                }
                live = found;
            }
            Map<String, PolicyConfig> owned = new HashMap<>();
            PolicyConfigs.of(index).forEach((key, config) -> {
                if (lease.owns(key)) {
                    owned.put(key, config);
                }
            });
            PolicyChanges changes = PolicyChanges.between(written, live, owned);
            for (PolicyConfig config : changes.writes()) {
                SnapshotWrite outcome = store.write(config.toBuilder().setVersion(version).build());
                landed(PolicyConfigs.key(config), outcome, version);
                written.put(PolicyConfigs.key(config), config);
            }
            for (String key : changes.removals()) {
                if (!lease.owns(key)) {
                    continue;
                }
                String[] parts = key.split("/", 3);
                landed(key, store.remove(parts[0], parts[1], parts[2], version), version);
                written.remove(key);
                live.remove(key);
            }
        } catch (RuntimeException e) {
            pending = true;
            log.warn("Could not write policy configurations to Redis; trying again after the next batch: {}", e.toString());
        }
    }

    private void landed(String key, SnapshotWrite outcome, long version) {
        if (outcome.written()) {
            if (writes != null) {
                writes.increment();
            }
            log.debug("Policy {} at version {}", key, version);
        } else if (!outcome.alreadyStored(version)) {
            if (refused != null) {
                refused.increment();
            }
            log.info("Redis holds version {} of policy {}, newer than ours ({})", outcome.storedVersion(), key, version);
        }
    }
}
