package dev.gantry.ratelimit.policy;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.gantry.proto.PolicyConfig;
import dev.gantry.ratelimit.metrics.RateLimitMetrics;
import dev.gantry.ratelimit.rules.CompiledConfig;
import dev.gantry.ratelimit.rules.ConfigRegistry;
import dev.gantry.ratelimit.rules.InvalidRateLimitConfigException;
import dev.gantry.ratelimit.rules.RateLimitConfigCompiler;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads one RateLimitConfig from Redis into the registry when it is newer than the one served. A config that
 * cannot be served is logged and counted once per version, and its previous version keeps being served.
 */
public class PolicyLoader {

    private static final Logger log = LoggerFactory.getLogger(PolicyLoader.class);

    /** What became of one load, for callers and tests. */
    public enum Outcome { APPLIED, REMOVED, UP_TO_DATE, ABSENT, REJECTED }

    private final PolicyReader reader;
    private final ConfigRegistry registry;
    private final RateLimitMetrics metrics;
    /** The last refused version per config, so reconcile passes do not report one refusal again and again. */
    private final Map<String, Long> refused = new ConcurrentHashMap<>();

    public PolicyLoader(PolicyReader reader, ConfigRegistry registry, RateLimitMetrics metrics) {
        this.reader = reader;
        this.registry = registry;
        this.metrics = metrics;
    }

    /** Loads the config unless Redis's version shows there is nothing new (the cheap check of a reconcile). */
    public Outcome loadIfNewer(String namespacedName) {
        Long version = reader.version(namespacedName);
        if (version == null) {
            return Outcome.ABSENT;
        }
        String configId = PolicyReader.configId(namespacedName);
        if (version <= registry.heldVersion(configId) || version.equals(refused.get(configId))) {
            return Outcome.UP_TO_DATE;
        }
        return apply(reader.read(namespacedName));
    }

    public Outcome apply(StoredPolicy stored) {
        if (!stored.exists()) {
            return Outcome.ABSENT;
        }
        String configId = stored.configId();
        long version = stored.version();
        if (version <= registry.heldVersion(configId)) {
            return Outcome.UP_TO_DATE;
        }
        if (stored.removed()) {
            if (registry.remove(configId, version)) {
                log.info("RateLimitConfig {} removed (version {})", configId, version);
                return Outcome.REMOVED;
            }
            return Outcome.UP_TO_DATE;
        }
        CompiledConfig compiled;
        try {
            PolicyConfig policy = PolicyConfig.parseFrom(stored.data());
            if (!PolicyReader.KIND.equals(policy.getKind())) {
                throw new InvalidRateLimitConfigException("holds a " + policy.getKind() + ", not a RateLimitConfig");
            }
            compiled = RateLimitConfigCompiler.compile(configId, version, policy.getSpecJson());
        } catch (InvalidProtocolBufferException | InvalidRateLimitConfigException e) {
            reject(configId, version, e);
            return Outcome.REJECTED;
        }
        refused.remove(configId);
        if (!registry.apply(compiled)) {
            return Outcome.UP_TO_DATE;
        }
        log.info("RateLimitConfig {} version {} in service", configId, version);
        return Outcome.APPLIED;
    }

    private void reject(String configId, long version, Exception e) {
        Long previous = refused.put(configId, version);
        if (previous != null && previous == version) {
            return;
        }
        metrics.configRejected();
        log.error("refusing RateLimitConfig {} version {}: {}; still serving version {}", configId, version,
                e.getMessage(), registry.heldVersion(configId) == Long.MIN_VALUE ? "none" : registry.heldVersion(configId));
    }
}
