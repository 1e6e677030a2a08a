package dev.gantry.translator.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The index's memory of reads and changes: when each dependency last changed, and the recordings in progress (a
 * recording may run inside another, whose reads then include the inner one's). One place for the machinery that
 * lets every stage of the translator keep results: see {@link Reads}. Not thread-safe.
 */
final class ReadLog {

    private long stamp;
    private final Map<Dependency, Long> changedAt = new HashMap<>();
    private final List<Set<Dependency>> recordings = new ArrayList<>();

    long stamp() {
        return stamp;
    }

    /** One change of the index, which may move several dependencies (the object, its kind's listing...). */
    void changed(List<Dependency> dependencies) {
        stamp++;
        for (Dependency dependency : dependencies) {
            changedAt.put(dependency, stamp);
        }
    }

    void read(Dependency dependency) {
        if (!recordings.isEmpty()) {
            recordings.get(recordings.size() - 1).add(dependency);
        }
    }

    void readAll(Set<Dependency> dependencies) {
        if (!recordings.isEmpty()) {
            recordings.get(recordings.size() - 1).addAll(dependencies);
        }
    }

    void start() {
        recordings.add(new HashSet<>());
    }

    Reads stop() {
        Set<Dependency> read = recordings.remove(recordings.size() - 1);
        readAll(read);
        return new Reads(read, stamp);
    }

    boolean unchanged(Reads reads) {
        for (Dependency dependency : reads.dependencies()) {
            Long at = changedAt.get(dependency);
            if (at != null && at > reads.stamp()) {
                return false;
            }
        }
        return true;
    }
}
