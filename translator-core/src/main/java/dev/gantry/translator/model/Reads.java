package dev.gantry.translator.model;

import java.util.Set;

/**
 * What one computation read from the index, and when: its result stays right for as long as none of these
 * dependencies changes ({@link ResourceIndex#unchanged(Reads)}). This is how the translator keeps results
 * between translations without ever keeping a stale one: every read of the index is recorded, and a kept
 * result is used again only while nothing it read has changed.
 *
 * @param stamp the index's change count when the computation ran
 */
public record Reads(Set<Dependency> dependencies, long stamp) {

    /** Reads of nothing: stays right for ever. */
    public static final Reads NONE = new Reads(Set.of(), 0);

    public Reads {
        dependencies = Set.copyOf(dependencies);
    }
}
