package dev.gantry.translator.shard;

import dev.gantry.translator.redis.FenceStore;
import dev.gantry.translator.redis.WriterFence;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leases backed by the fence hash in Redis. A new epoch is taken whenever the ownership view changed, and after
 * Redis lost its incarnation (noticed by a refused write or by a check every {@code checkInterval}).
 *
 * <p>Why a new owner always beats the previous one: the epoch is taken <em>after</em> the view is read and is
 * used only if the view is still the same afterwards. The previous owner's revocation changed its view before
 * Kafka assigned the shard to us, so any epoch it took for a view holding the shard was taken before our
 * assignment, hence before ours, and is lower.
 */
public class FencedLeases implements WriteLeases {

    private static final Logger log = LoggerFactory.getLogger(FencedLeases.class);

    private final Ownership ownership;
    private final FenceStore fences;
    private final Duration checkInterval;
    private final Clock clock;
    private final InputCatchUp catchUp;
    private WriteLease lease;
    private Instant nextCheck = Instant.MIN;
    private boolean failing;

    public FencedLeases(Ownership ownership, FenceStore fences, Duration checkInterval, Clock clock) {
        this(ownership, fences, checkInterval, clock, InputCatchUp.NONE);
    }

    /** @param catchUp a lease for a view is taken only once the input caught up with it (see {@link InputCatchUp}) */
    public FencedLeases(Ownership ownership, FenceStore fences, Duration checkInterval, Clock clock,
            InputCatchUp catchUp) {
        this.catchUp = catchUp;
        this.ownership = ownership;
        this.fences = fences;
        this.checkInterval = checkInterval;
        this.clock = clock;
    }

    @Override
    public Optional<WriteLease> current() {
        ShardView view = ownership.view();
        if (lease != null && lease.view().generation() == view.generation()) {
            return Optional.of(lease);
        }
        lease = null;
        if (!view.ownsAnything()) {
            // nothing to write: no epoch is spent
            return Optional.of(new WriteLease(view, new WriterFence("", 0)));
        }
        if (!catchUp.reached(view.generation())) {
            return Optional.empty(); // the previous owners may have written changes we have not read yet: not yet
        }
        try {
            WriterFence fence = fences.acquire();
            if (ownership.view().generation() != view.generation()) {
                return Optional.empty(); // the assignment moved while we took the epoch: take another next time
            }
            lease = new WriteLease(view, fence);
            failing = false;
            nextCheck = clock.instant().plus(checkInterval);
            log.info("Writing shards {} of {} at epoch {} of Redis incarnation {}", view.shards(), view.shardCount(),
                    fence.epoch(), fence.incarnation());
            return Optional.of(lease);
        } catch (RuntimeException e) {
            // retried on every poll while Redis is away: said once, not ten times a second
            if (!failing) {
                log.warn("Cannot take a write epoch in Redis, will retry: {}", e.getMessage());
            }
            failing = true;
            return Optional.empty();
        }
    }

    @Override
    public void fenceChanged(WriteLease lost) {
        if (Objects.equals(lease, lost)) {
            log.warn("Redis no longer holds incarnation {} (it was emptied or replaced): rewriting every owned snapshot",
                    lost.fence().incarnation());
            lease = null;
        }
    }

    @Override
    public boolean renewalDue() {
        if (lease == null || lease.view().generation() != ownership.view().generation()) {
            return ownership.view().ownsAnything() || lease != null;
        }
        Instant now = clock.instant();
        if (now.isBefore(nextCheck)) {
            return false;
        }
        nextCheck = now.plus(checkInterval);
        try {
            String incarnation = fences.incarnation();
            if (!lease.fence().incarnation().equals(incarnation)) {
                fenceChanged(lease);
                return true;
            }
        } catch (RuntimeException e) {
            log.debug("Cannot check the Redis incarnation: {}", e.getMessage());
        }
        return false;
    }

    @Override
    public boolean inputBehind(ShardView view) {
        return view.ownsAnything() && !catchUp.reached(view.generation());
    }

    @Override
    public ShardView view() {
        return ownership.view();
    }
}
