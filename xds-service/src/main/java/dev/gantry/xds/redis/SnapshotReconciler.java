package dev.gantry.xds.redis;

import dev.gantry.xds.config.XdsProperties;
import dev.gantry.xds.server.GatewaySnapshotRegistry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Compares every snapshot key in Redis with what is served: once at start (the initial load) and then
 * periodically, so a notice missed while Redis was away is caught up. Redis being unreachable only delays
 * this; what is served stays. When Redis is a new incarnation (emptied, then written again by the translators
 * under new epochs) the versions held are forgotten, so the rewritten snapshots replace the served ones.
 */
@Component
public class SnapshotReconciler implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SnapshotReconciler.class);

    private final RedisSnapshotReader reader;
    private final SnapshotLoader loader;
    private final GatewaySnapshotRegistry registry;
    private final XdsProperties properties;
    private final Counter failures;
    private volatile boolean initialLoadDone;
    private volatile boolean redisReachable;
    private boolean emptyReported;
    private ScheduledExecutorService scheduler;

    public SnapshotReconciler(RedisSnapshotReader reader, SnapshotLoader loader, GatewaySnapshotRegistry registry,
                              XdsProperties properties, MeterRegistry meters) {
        this.reader = reader;
        this.loader = loader;
        this.registry = registry;
        this.properties = properties;
        this.failures = Counter.builder("gantry.xds.reconcile.failures")
                .description("Reconcile passes that could not read Redis").register(meters);
    }

    /** One full pass; returns whether Redis could be read and every snapshot in it was loaded. */
    public synchronized boolean reconcile() {
        Set<String> gateways;
        String incarnation;
        try {
            incarnation = reader.incarnation();
            gateways = new LinkedHashSet<>(reader.indexedGateways());
        } catch (RuntimeException e) {
            unreachable(e);
            return false;
        }
        redisReachable = true;
        if (incarnation == null) {
            // Emptied, or no translator has written yet: nothing to load, and no version to compare with. What is
            // served stays; readiness waits for a translator to take this Redis up.
            if (!emptyReported) {
                log.warn("Redis holds no translator state (emptied, or no translator has written yet); keeping the {} "
                        + "gateway(s) served until the translators write again", registry.served().size());
                emptyReported = true;
            }
            return false;
        }
        emptyReported = false;
        if (!incarnation.equals(registry.incarnation())) {
            registry.startIncarnation(incarnation);
            loader.forgetRefusals();
        }
        // Gateways no longer indexed may have been removed while a notice was lost.
        gateways.addAll(registry.gateways());
        boolean complete = true;
        for (String gateway : gateways) {
            try {
                loader.loadIfNewer(gateway);
            } catch (RuntimeException e) {
                complete = false;
                log.warn("could not reconcile gateway {}: {}", gateway, e.toString());
            }
        }
        if (complete && !initialLoadDone) {
            initialLoadDone = true;
            log.info("initial load from Redis done: serving {} gateway(s)", registry.served().size());
        }
        return complete;
    }

    /** Runs a pass now, off the caller's thread (a notice of a new incarnation asks for one). */
    public void reconcileSoon() {
        ScheduledExecutorService running = scheduler;
        if (running != null) {
            running.execute(this::reconcileSafely);
        }
    }

    public boolean initialLoadDone() {
        return initialLoadDone;
    }

    public boolean redisReachable() {
        return redisReachable;
    }

    private void unreachable(RuntimeException e) {
        failures.increment();
        if (redisReachable || !initialLoadDone) {
            log.warn("Redis unreachable, keeping the {} gateway(s) served: {}", registry.served().size(), e.toString());
        }
        redisReachable = false;
    }

    @Override
    public void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "gantry-snapshot-reconciler");
            t.setDaemon(true);
            return t;
        });
        long interval = properties.reconcileInterval().toMillis();
        scheduler.scheduleWithFixedDelay(this::reconcileSafely, 0, interval, TimeUnit.MILLISECONDS);
    }

    private void reconcileSafely() {
        try {
            reconcile();
        } catch (RuntimeException e) {
            log.error("reconcile pass failed", e);
        }
    }

    @Override
    public void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }

    @Override
    public boolean isRunning() {
        return scheduler != null;
    }
}
