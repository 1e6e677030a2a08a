package dev.gantry.watcher.file;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_DELETE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

import java.nio.file.WatchKey;
import java.nio.file.WatchService;

/**
 * Keeps one registration per directory of the folder, scan after scan. Events only tell us that
 * something changed (we rescan everything), so a key's path may be stale after a rename without harm.
 */
final class WatchedDirectories implements DirectoryListener {

    private final WatchService watchService;
    private Map<Path, WatchKey> registered = new HashMap<>();
    private Map<Path, WatchKey> found = new HashMap<>();

    WatchedDirectories(WatchService watchService) {
        this.watchService = watchService;
    }

    void beginScan() {
        found = new HashMap<>();
    }

    /**
     * Registers every directory on every scan: registering a watched directory again is cheap and returns
     * its key, and it heals a registration lost when a directory was deleted and created again.
     */
    @Override
    public void directoryFound(Path directory) throws IOException {
        found.put(directory, directory.register(watchService, ENTRY_CREATE, ENTRY_DELETE, ENTRY_MODIFY));
    }

    /**
     * Cancels the keys of directories that are gone. A renamed directory keeps its key under its new path.
     * A scan that did not walk (it followed changed files only) found no directory and changes nothing.
     */
    void endScan() {
        if (found.isEmpty()) {
            return;
        }
        Set<WatchKey> live = Collections.newSetFromMap(new IdentityHashMap<>());
        live.addAll(found.values());
        registered.values().stream().filter(key -> !live.contains(key)).forEach(WatchKey::cancel);
        registered = found;
    }
}
