package dev.gantry.extauth.policy;

import dev.gantry.extauth.config.ExtAuthProperties;
import dev.gantry.extauth.engine.AuthConfigs;
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
 * Compares every AuthConfig in Redis with what is held: at start (the initial load) and then every
 * {@code gantry.extauth.reconcile-interval}, so a notice lost while Redis was away (Pub/Sub does not replay) is
 * caught up after the reconnect. Redis being unreachable only delays this; the configs held keep answering.
 */
@Component
public class AuthConfigReconciler implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(AuthConfigReconciler.class);

    private final PolicyReader reader;
    private final NoticeSubscription subscription;
    private final AuthConfigLoader loader;
    private final AuthConfigs configs;
    private final ExtAuthProperties properties;
    private final Counter failures;
    private volatile boolean initialLoadDone;
    private volatile boolean redisReachable;
    private ScheduledExecutorService scheduler;

    public AuthConfigReconciler(PolicyReader reader, NoticeSubscription subscription, AuthConfigLoader loader, AuthConfigs configs,
            ExtAuthProperties properties, MeterRegistry meters) {
        this.reader = reader;
        this.subscription = subscription;
        this.loader = loader;
        this.configs = configs;
        this.properties = properties;
        this.failures = Counter.builder("gantry.extauth.reconcile.failures")
                .description("Reconcile passes that could not read Redis").register(meters);
    }

    /** One full pass; returns whether every config could be read. */
    public synchronized boolean reconcile() {
        Set<String> names;
        try {
            // subscribe first: a change published during this pass is then either read here or noticed
            subscription.ensureSubscribed();
            names = new LinkedHashSet<>(reader.indexed());
        } catch (RuntimeException e) {
            unreachable(e);
            return false;
        }
        // configs no longer indexed may have been removed while their notice was lost
        for (String configId : configs.held().keySet()) {
            int dot = configId.indexOf('.');
            names.add(configId.substring(0, dot) + "/" + configId.substring(dot + 1));
        }
        boolean complete = true;
        for (String nsName : names) {
            int slash = nsName.indexOf('/');
            if (slash <= 0 || slash == nsName.length() - 1) {
                log.warn("ignoring malformed AuthConfig index entry '{}'", nsName);
                continue;
            }
            try {
                loader.loadIfNewer(nsName.substring(0, slash), nsName.substring(slash + 1));
            } catch (RuntimeException e) {
                complete = false;
                log.warn("could not reconcile AuthConfig {}: {}", nsName, e.toString());
            }
        }
        if (!redisReachable) {
            log.info("reconciled {} AuthConfig(s) from Redis", names.size());
        }
        redisReachable = true;
        if (complete && !initialLoadDone) {
            initialLoadDone = true;
            log.info("initial load from Redis done: {} AuthConfig(s) held", configs.live());
        }
        return complete;
    }

    public boolean initialLoadDone() {
        return initialLoadDone;
    }

    private void unreachable(RuntimeException e) {
        failures.increment();
        if (redisReachable || !initialLoadDone) {
            log.warn("Redis unreachable, keeping the {} AuthConfig(s) held: {}", configs.live(), e.toString());
        }
        redisReachable = false;
    }

    @Override
    public void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "gantry-authconfig-reconciler");
            t.setDaemon(true);
            return t;
        });
        scheduler.scheduleWithFixedDelay(this::reconcileSafely, 0, properties.reconcileInterval().toMillis(),
                TimeUnit.MILLISECONDS);
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
            subscription.close();
            scheduler.shutdownNow();
            scheduler = null;
        }
    }

    @Override
    public boolean isRunning() {
        return scheduler != null;
    }
}
