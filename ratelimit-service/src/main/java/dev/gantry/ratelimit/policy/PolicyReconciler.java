package dev.gantry.ratelimit.policy;

import dev.gantry.ratelimit.rules.ConfigRegistry;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Compares every RateLimitConfig in Redis with what is served: at start (the initial load), at once when a
 * Redis connection is (re)established, and periodically, so a notice lost while Redis was away is caught up.
 * Redis being away only delays this; the configs served stay.
 */
public class PolicyReconciler implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PolicyReconciler.class);

    private final PolicyReader reader;
    private final PolicyLoader loader;
    private final ConfigRegistry registry;
    private final Duration interval;
    private final BooleanSupplier subscribe;
    private volatile boolean initialLoadDone;
    private volatile boolean redisReachable;
    private ScheduledExecutorService scheduler;

    /** @param subscribe makes sure notices are followed (before reading, so none between the two is missed) */
    public PolicyReconciler(PolicyReader reader, PolicyLoader loader, ConfigRegistry registry, Duration interval,
            BooleanSupplier subscribe) {
        this.subscribe = subscribe;
        this.reader = reader;
        this.loader = loader;
        this.registry = registry;
        this.interval = interval;
    }

    /** One full pass; returns whether every config could be read. */
    public synchronized boolean reconcile() {
        boolean listening = subscribe.getAsBoolean();
        Set<String> names;
        try {
            names = new LinkedHashSet<>(reader.indexed());
        } catch (RuntimeException e) {
            if (redisReachable || !initialLoadDone) {
                log.warn("Redis unreachable, keeping the {} RateLimitConfig(s) served: {}", registry.size(), e.toString());
            }
            redisReachable = false;
            return false;
        }
        // configs no longer indexed may have been removed while their notice was lost
        registry.current().byId().keySet().forEach(id -> names.add(PolicyReader.namespacedName(id)));
        boolean complete = true;
        for (String name : names) {
            if (name.indexOf('/') <= 0) {
                log.warn("ignoring index entry {}: not <namespace>/<name>", name);
                continue;
            }
            try {
                loader.loadIfNewer(name);
            } catch (RuntimeException e) {
                complete = false;
                log.warn("could not reconcile RateLimitConfig {}: {}", name, e.toString());
            }
        }
        redisReachable = true;
        complete &= listening;
        if (complete && !initialLoadDone) {
            initialLoadDone = true;
            log.info("initial load from Redis done: serving {} RateLimitConfig(s)", registry.size());
        }
        return complete;
    }

    /** Asks for a pass soon, off the caller's thread (Lettuce's event loop must not wait on Redis). */
    public void reconcileSoon() {
        ScheduledExecutorService current = scheduler;
        if (current != null) {
            current.execute(this::reconcileSafely);
        }
    }

    public boolean initialLoadDone() {
        return initialLoadDone;
    }

    public boolean redisReachable() {
        return redisReachable;
    }

    @Override
    public void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "gantry-ratelimit-reconciler");
            t.setDaemon(true);
            return t;
        });
        scheduler.scheduleWithFixedDelay(this::reconcileSafely, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
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
