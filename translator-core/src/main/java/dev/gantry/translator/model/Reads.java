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
    public static final Reads NONE = new Reads(Set.of(), new ReadLog.Clock[0], 0);

    private final Set<Dependency> dependencies;
    private final ReadLog.Clock[] clocks;
    private final long stamp;
    /**
     * The latest change count at which these reads were found unchanged: a kept result is asked again after every
     * batch, so only the changes since the last answer need looking at.
     */
    private long verified;

    /**
     * @param dependencies taken as they are: the log hands over a set nobody changes after
     * @param clocks the clock of each dependency, in the log that made these reads
     * @param stamp the index's change count when the computation ran
     */
    Reads(Set<Dependency> dependencies, ReadLog.Clock[] clocks, long stamp) {
        this.dependencies = dependencies;
        this.clocks = clocks;
        this.stamp = stamp;
        this.verified = stamp;
    }

    Set<Dependency> dependencies() {
        return dependencies;
    }

    ReadLog.Clock[] clocks() {
        return clocks;
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
