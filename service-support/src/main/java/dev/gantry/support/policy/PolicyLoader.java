package dev.gantry.support.policy;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.gantry.proto.PolicyConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes the versions of one kind of policy from Redis to its {@link PolicyHolder}, and is their fence: per policy it
 * remembers the newest version it has seen (served, refused or removed) and passes on only newer ones, so a late
 * notice or a slow reconcile pass can never bring an older version back, and a refused version is reported once.
 *
 * <p>Versions only compare within one incarnation of Redis: when Redis was emptied and the translators write again,
 * their new epochs may start below the old versions. {@link #enterIncarnation} then forgets the versions (the holder
 * keeps serving what it has) so that whatever Redis now holds replaces them.
 *
 * <p>One change at a time (notices and reconcile passes run on different threads): compiling is rare and never on
 * a request's path.
 */
public class PolicyLoader {

    private static final Logger log = LoggerFactory.getLogger(PolicyLoader.class);

    /** What became of one load, for callers and tests. */
    public enum Outcome { APPLIED, REMOVED, UP_TO_DATE, ABSENT, REFUSED }

    /** What is known of one policy: the newest version seen, and whether the holder has it (served or refused). */
    private record Seen(long version, boolean live) {
    }

    private final PolicyReader reader;
    private final PolicyHolder holder;
    private final String kind;
    private final Map<PolicyName, Seen> seen = new HashMap<>();
    private final Counter applied;
    private final Counter refused;
    private boolean incarnationKnown;
    private String incarnation;

    public PolicyLoader(PolicyReader reader, PolicyHolder holder, MeterRegistry meters, String meterPrefix) {
        this.reader = reader;
        this.holder = holder;
        this.kind = reader.kind();
        this.applied = Counter.builder(meterPrefix + ".configs.applied")
                .description(kind + " versions put into service").register(meters);
        this.refused = Counter.builder(meterPrefix + ".configs.rejected")
                .description(kind + " versions that could not be served").register(meters);
    }

    /** Loads the policy unless its version in Redis shows nothing new (the cheap check of a reconcile pass). */
    public Outcome loadIfNewer(PolicyName name) {
        Long version = reader.version(name);
        if (version == null) {
            return Outcome.ABSENT;
        }
        if (version <= heldVersion(name)) {
            return Outcome.UP_TO_DATE;
        }
        return apply(reader.read(name));
    }

    public synchronized Outcome apply(StoredPolicy stored) {
        if (!stored.exists()) {
            return Outcome.ABSENT;
        }
        PolicyName name = stored.name();
        long version = stored.version();
        Seen previous = seen.get(name);
        if (previous != null && version <= previous.version()) {
            return Outcome.UP_TO_DATE;
        }
        if (stored.removed()) {
            seen.put(name, new Seen(version, false));
            if (previous == null || !previous.live()) {
                return Outcome.UP_TO_DATE;
            }
            holder.remove(name);
            log.info("{} {} removed at version {}", kind, name.configId(), version);
            return Outcome.REMOVED;
        }
        seen.put(name, new Seen(version, true));
        try {
            holder.serve(name, version, parse(stored));
        } catch (InvalidPolicyException e) {
            return refuse(name, version, e.getMessage(), null);
        } catch (RuntimeException e) {
            // a fault of the holder's, not of the policy: still reported once and refused (this version is seen)
            return refuse(name, version, "could not be compiled (" + e.getClass().getSimpleName() + ")", e);
        }
        applied.increment();
        log.info("{} {} version {} in service", kind, name.configId(), version);
        return Outcome.APPLIED;
    }

    private Outcome refuse(PolicyName name, long version, String why, RuntimeException fault) {
        String consequence = holder.refuse(name, version);
        refused.increment();
        log.error("{} {} version {} refused: {}; {}", kind, name.configId(), version, why, consequence);
        if (fault != null) {
            // only at debug: an unexpected exception's message may quote the policy, Secrets included
            log.debug("{} {} version {}: {}", kind, name.configId(), version, fault.getClass().getName(), fault);
        }
        return Outcome.REFUSED;
    }

    private PolicyConfig parse(StoredPolicy stored) throws InvalidPolicyException {
        PolicyConfig config;
        try {
            config = PolicyConfig.parseFrom(stored.data());
        } catch (InvalidProtocolBufferException e) {
            throw new InvalidPolicyException("data is not a PolicyConfig", e);
        }
        if (!kind.equals(config.getKind())) {
            throw new InvalidPolicyException("holds a PolicyConfig of kind '" + config.getKind() + "'");
        }
        return config;
    }

    /**
     * Tells which incarnation of Redis the next versions come from ({@code null}: Redis holds none). When it is
     * another than before, the versions seen are forgotten: they do not compare with the new ones.
     *
     * @return whether the incarnation changed
     */
    public synchronized boolean enterIncarnation(String current) {
        if (incarnationKnown && Objects.equals(incarnation, current)) {
            return false;
        }
        boolean changed = incarnationKnown;
        incarnationKnown = true;
        incarnation = current;
        if (changed) {
            seen.replaceAll((name, s) -> new Seen(Long.MIN_VALUE, s.live()));
            log.info("Redis is another incarnation ({}): the {} version(s) held are forgotten, those it holds replace "
                    + "them", current == null ? "emptied" : current, kind);
        }
        return changed;
    }

    /** The newest version seen of the policy (served, refused or removed), or {@link Long#MIN_VALUE}. */
    public synchronized long heldVersion(PolicyName name) {
        Seen s = seen.get(name);
        return s == null ? Long.MIN_VALUE : s.version();
    }

    /** Every policy a version was seen of, removed ones included (a reconcile pass checks them again). */
    public synchronized Set<PolicyName> known() {
        return Set.copyOf(seen.keySet());
    }

    /** How many policies the holder has (served or refused). */
    public synchronized long live() {
        return seen.values().stream().filter(Seen::live).count();
    }
}
