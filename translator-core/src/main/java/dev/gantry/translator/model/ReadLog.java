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

    /** Changes kept for {@link #unchanged}: enough to cover many batches, dropped half at a time. */
    private static final int RECENT_CHANGES = 8192;

    private long stamp;
    private final Map<Dependency, Long> changedAt = new HashMap<>();
    /** The latest changes, in order: {@code recent.get(i)} is the change with stamp {@code firstRecent + i}. */
    private final List<List<Dependency>> recent = new ArrayList<>();
    private long firstRecent = 1;
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
        if (recent.size() == RECENT_CHANGES) {
            recent.subList(0, RECENT_CHANGES / 2).clear();
            firstRecent += RECENT_CHANGES / 2;
        }
        recent.add(List.copyOf(dependencies));
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

    /**
     * Whether none of the dependencies changed after the reads were last found unchanged: by the changes made since
     * when there are fewer of them than dependencies (the usual case: a kept result is asked after every batch),
     * else by each dependency.
     */
    boolean unchanged(Reads reads) {
        long since = reads.verified() + 1;
        if (since > stamp) {
            return true;
        }
        Set<Dependency> dependencies = reads.dependencies();
        if (since >= firstRecent && stamp - since + 1 < dependencies.size()) {
            for (int i = (int) (since - firstRecent); i < recent.size(); i++) {
                for (Dependency dependency : recent.get(i)) {
                    if (dependencies.contains(dependency)) {
                        return false;
                    }
                }
            }
        } else {
            for (Dependency dependency : dependencies) {
                Long at = changedAt.get(dependency);
                if (at != null && at >= since) {
                    return false;
                }
            }
        }
        reads.verified(stamp);
        return true;
    }
}
