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

    /**
     * When one dependency last changed. One per dependency, shared by every {@link Reads} that holds it, so asking
     * whether kept reads are unchanged reads a field per dependency instead of hashing it (thousands of kept
     * results are asked after every batch).
     */
    static final class Clock {
        private long changedAt;
    }

    private long stamp;
    private final Map<Dependency, Clock> clocks = new HashMap<>();
    private final List<Set<Dependency>> recordings = new ArrayList<>();

    long stamp() {
        return stamp;
    }

    /** One change of the index, which may move several dependencies (the object, its kind's listing...). */
    void changed(List<Dependency> dependencies) {
        stamp++;
        for (Dependency dependency : dependencies) {
            clockOf(dependency).changedAt = stamp;
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
        Clock[] readClocks = new Clock[read.size()];
        int i = 0;
        for (Dependency dependency : read) {
            readClocks[i++] = clockOf(dependency);
        }
        return new Reads(read, readClocks, stamp);
    }

    /** Whether none of the dependencies changed after the reads were last found unchanged. */
    boolean unchanged(Reads reads) {
        long since = reads.verified() + 1;
        if (since > stamp) {
            return true;
        }
        for (Clock clock : reads.clocks()) {
            if (clock.changedAt >= since) {
                return false;
            }
        }
        reads.verified(stamp);
        return true;
    }

    private Clock clockOf(Dependency dependency) {
        return clocks.computeIfAbsent(dependency, ignored -> new Clock());
    }
}
