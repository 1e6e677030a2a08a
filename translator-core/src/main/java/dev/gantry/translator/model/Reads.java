package dev.gantry.translator.model;

import java.util.Objects;
import java.util.Set;

/**
 * What one computation read from the index, and when: its result stays right for as long as none of these
 * dependencies changes ({@link ResourceIndex#unchanged(Reads)}). This is how the translator keeps results
 * between translations without ever keeping a stale one: every read of the index is recorded, and a kept
 * result is used again only while nothing it read has changed.
 */
public final class Reads {

    /** Reads of nothing: stays right for ever. */
    public static final Reads NONE = new Reads(Set.of(), 0);

    private final Set<Dependency> dependencies;
    private final long stamp;
    /**
     * The latest change count at which these reads were found unchanged: a kept result is asked again after every
     * batch, so only the changes since the last answer need looking at (a handful), not every change since the
     * computation ran (which grows without end for results that never change).
     */
    private long verified;

    /** @param stamp the index's change count when the computation ran */
    Reads(Set<Dependency> dependencies, long stamp) {
        this.dependencies = Set.copyOf(dependencies);
        this.stamp = stamp;
        this.verified = stamp;
    }

    Set<Dependency> dependencies() {
        return dependencies;
    }

    /** The change count after which a change of a dependency makes the reads stale. */
    long verified() {
        return verified;
    }

    void verified(long at) {
        verified = at;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Reads that && stamp == that.stamp && dependencies.equals(that.dependencies);
    }

    @Override
    public int hashCode() {
        return Objects.hash(dependencies, stamp);
    }

    @Override
    public String toString() {
        return "Reads" + dependencies + "@" + stamp;
    }
}
