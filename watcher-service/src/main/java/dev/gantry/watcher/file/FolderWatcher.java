package dev.gantry.watcher.file;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import dev.gantry.watcher.publish.PublishException;
import dev.gantry.watcher.publish.ResourcePublisher;
import dev.gantry.watcher.publish.SourceChanges;
import dev.gantry.watcher.publish.SyncStatus;
import dev.gantry.watcher.publish.WatcherMetrics;

/**
 * Watches the folder and publishes it: one full scan at start, then a rescan whenever the folder has been
 * quiet for the debounce time after a change. A failed scan or publish is retried with a growing delay,
 * and deletes nothing meanwhile.
 */
final class FolderWatcher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(FolderWatcher.class);
    // Keep rescanning under a steady stream of writes rather than waiting for it to stop.
    private static final Duration MAX_DEBOUNCE = Duration.ofSeconds(1);
    private static final Duration FIRST_RETRY = Duration.ofMillis(500);
    private static final Duration MAX_RETRY = Duration.ofSeconds(30);

    private final ManifestFolder folder;
    private final ResourcePublisher publisher;
    private final SyncStatus status;
    private final Duration debounce;
    private final WatcherMetrics metrics;

    private volatile boolean running;
    private volatile Thread thread;
    private volatile WatchService watchService;
    /** Paths named by events since the last complete sync; null when unknown. Watcher thread only. */
    private Set<Path> changed;

    FolderWatcher(ManifestFolder folder, ResourcePublisher publisher, SyncStatus status, Duration debounce,
            WatcherMetrics metrics) {
        this.folder = folder;
        this.metrics = metrics;
        this.publisher = publisher;
        this.status = status;
        this.debounce = debounce;
    }

    @Override
    public void start() {
        running = true;
        thread = new Thread(this::run, "gantry-folder-watcher");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void stop() {
        running = false;
        WatchService service = watchService;
        if (service != null) {
            try {
                service.close();
            } catch (IOException e) {
                log.debug("Closing the watch service failed", e);
            }
        }
        Thread worker = thread;
        if (worker != null) {
            worker.interrupt();
            try {
                worker.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void run() {
        log.info("Watching {} for *.yaml and *.yml", folder.root());
        try (WatchService service = folder.root().getFileSystem().newWatchService()) {
            watchService = service;
            WatchedDirectories directories = new WatchedDirectories(service);
            Duration retry = FIRST_RETRY;
            boolean pending = true;
            long observedAt = 0; // nanoTime of the first event not yet published; 0 when none
            changed = null; // the first scan reads everything
            while (running) {
                if (pending) {
                    pending = !syncOnce(directories, changed);
                    if (!pending) {
                        changed = new HashSet<>();
                    }
                    retry = pending ? nextRetry(retry) : FIRST_RETRY;
                    if (!pending && observedAt != 0) {
                        metrics.changePublished(Duration.ofNanos(System.nanoTime() - observedAt));
                        observedAt = 0;
                    }
                }
                WatchKey key = pending ? service.poll(retry.toMillis(), TimeUnit.MILLISECONDS) : service.take();
                if (key != null) {
                    if (observedAt == 0) {
                        observedAt = System.nanoTime();
                    }
                    drain(key);
                    awaitQuiet(service);
                    pending = true;
                }
            }
        } catch (ClosedWatchServiceException | InterruptedException e) {
            // stopping
        } catch (IOException e) {
            log.error("Cannot watch {}", folder.root(), e);
            status.recordFailure("cannot watch " + folder.root() + ": " + e);
        }
    }

    private boolean syncOnce(WatchedDirectories directories, Set<Path> changedPaths) {
        try {
            long start = System.nanoTime();
            directories.beginScan();
            SourceChanges changes = folder.scanChanges(directories, changedPaths);
            directories.endScan();
            metrics.scanned(Duration.ofNanos(System.nanoTime() - start));
            return publisher.sync(changes).complete();
        } catch (IOException e) {
            log.warn("Cannot read {} ({}); keeping what is published and retrying", folder.root(), e.toString());
            status.recordFailure("cannot read " + folder.root() + ": " + e);
        } catch (PublishException e) {
            log.warn("Cannot publish ({}); retrying", e.getMessage());
        } catch (ClosedWatchServiceException e) {
            throw e;
        } catch (RuntimeException e) {
            log.error("Unexpected failure while syncing {}; retrying", folder.root(), e);
            status.recordFailure(e.toString());
        }
        return false;
    }

    private void awaitQuiet(WatchService service) throws InterruptedException {
        long deadline = System.nanoTime() + MAX_DEBOUNCE.toNanos();
        WatchKey key;
        while (System.nanoTime() < deadline
                && (key = service.poll(debounce.toMillis(), TimeUnit.MILLISECONDS)) != null) {
            drain(key);
        }
    }

    /**
     * Notes the paths the events name: the next rescan reads those again and, when they are all manifest files,
     * nothing else (see {@link ManifestFolder#scan(DirectoryListener, Set)}); the diff is always against the
     * whole folder's objects. An overflow loses the names: then the next scan walks and reads everything.
     */
    private void drain(WatchKey key) {
        for (WatchEvent<?> event : key.pollEvents()) {
            if (event.kind() == StandardWatchEventKinds.OVERFLOW || !(event.context() instanceof Path name)
                    || !(key.watchable() instanceof Path directory)) {
                changed = null;
            } else if (changed != null) {
                changed.add(directory.resolve(name));
            }
        }
        key.reset();
    }

    private static Duration nextRetry(Duration retry) {
        Duration doubled = retry.multipliedBy(2);
        return doubled.compareTo(MAX_RETRY) > 0 ? MAX_RETRY : doubled;
    }
}
