package dev.gantry.translator.redis;

/** The outcome of a compare-and-set snapshot write. */
public record SnapshotWrite(boolean written, long storedVersion) {

    /** Refused because Redis already holds this very version: what we hold is already there. */
    public boolean alreadyStored(long attemptedVersion) {
        return !written && storedVersion == attemptedVersion;
    }
}
