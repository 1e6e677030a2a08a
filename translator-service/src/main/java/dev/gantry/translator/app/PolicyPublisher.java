package dev.gantry.translator.app;

import dev.gantry.proto.PolicyConfig;
import dev.gantry.translator.model.ResourceIndex;
import dev.gantry.translator.policy.PolicyConfigs;
import dev.gantry.translator.redis.PolicyStore;
import dev.gantry.translator.redis.SnapshotWrite;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps Redis's policy configurations (for ratelimit-service and extauth-service) equal to the accepted
 * RateLimitConfigs and AuthConfigs of the index: after a batch it writes those whose content changed, at the
 * translator's version, and removes (fences) those deleted or rejected. The first round also removes what Redis lists
 * as live but the index does not hold (deleted while no translator ran). A write Redis refuses as older than what it
 * holds is left there: a translator further ahead wrote it. A write that fails (Redis away) is tried again after the
 * next batch. Never logs a configuration: AuthConfigs carry sealed Secrets.
 */
public class PolicyPublisher {

    private static final Logger log = LoggerFactory.getLogger(PolicyPublisher.class);

    private final PolicyStore store;
    private final Map<String, PolicyConfig> written = new HashMap<>();
    private Set<String> live;
    private boolean pending;
    private final Counter writes;
    private final Counter refused;

    public PolicyPublisher(PolicyStore store, MeterRegistry meters) {
        this.store = store;
        this.writes = meters == null ? null : Counter.builder("gantry.translator.policy.writes")
                .description("policy configurations written to or removed from Redis").register(meters);
        this.refused = meters == null ? null : Counter.builder("gantry.translator.policy.refused")
                .description("policy writes refused because Redis holds a newer version").register(meters);
    }

    /** Whether a write failed and should be tried again even without new records. */
    public boolean hasPending() {
        return pending;
    }

    /** Writes what changed since the last call at {@code version}. */
    public void publish(ResourceIndex index, long version) {
        pending = false;
        try {
            if (live == null) {
                Set<String> found = new HashSet<>();
                for (String kind : PolicyConfigs.kinds()) {
                    store.live(kind).forEach(member -> found.add(kind + "/" + member));
                }
                live = found;
            }
            PolicyChanges changes = PolicyChanges.between(written, live, PolicyConfigs.of(index));
            for (PolicyConfig config : changes.writes()) {
                SnapshotWrite outcome = store.write(config.toBuilder().setVersion(version).build());
                landed(PolicyConfigs.key(config), outcome, version);
                written.put(PolicyConfigs.key(config), config);
            }
            for (String key : changes.removals()) {
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
