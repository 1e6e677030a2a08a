package dev.gantry.translator.redis;

/**
 * The outcome of a compare-and-set snapshot write.
 *
 * @param storedVersion the version Redis holds after the attempt (the written one, or the newer one that refused
 *                      ours); -1 when the fence refused the write
 */
public record SnapshotWrite(Outcome outcome, long storedVersion) {

    public enum Outcome {
        /** The write landed. */
        WRITTEN,
        /** Redis holds this or a newer version: a writer of a later epoch owns the Gateway now. */
        REFUSED,
        /** Redis holds another incarnation than the writer's fence (it was emptied): nothing was written. */
        FENCE_CHANGED,
        /**
         * Redis does not hold the version a write of some parts was computed against (the hash was deleted, or
         * written by another): {@link SnapshotStore} then writes every part, so callers never see this.
         */
        REBASE
    }

    public static SnapshotWrite written(long version) {
        return new SnapshotWrite(Outcome.WRITTEN, version);
    }

    public boolean written() {
        return outcome == Outcome.WRITTEN;
    }

    /** Refused because Redis already holds this very version: what we hold is already there. */
    public boolean alreadyStored(long attemptedVersion) {
        return outcome == Outcome.REFUSED && storedVersion == attemptedVersion;
    }

    public boolean fenceChanged() {
        return outcome == Outcome.FENCE_CHANGED;
    }
}
