package dev.gantry.support.policy;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Compares every policy of one kind in Redis with what is held: at start (the initial load), soon after a Redis
 * connection is (re)established, and every reconcile interval, so a notice lost while Redis was away (Pub/Sub does
 * not replay) is caught up. Redis being away only delays this; what is held keeps being served.
 */
public class PolicyReconciler implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PolicyReconciler.class);

    private final PolicyReader reader;
    private final PolicyLoader loader;
    private final NoticeSubscription subscription;
    private final Duration interval;
    private final Counter failures;
    private volatile boolean initialLoadDone;
    private volatile boolean redisReachable;
    private ScheduledExecutorService scheduler;

    public PolicyReconciler(PolicyReader reader, PolicyLoader loader, NoticeSubscription subscription,
            Duration interval, MeterRegistry meters, String meterPrefix) {
        this.reader = reader;
        this.loader = loader;
        this.subscription = subscription;
        this.interval = interval;
        this.failures = Counter.builder(meterPrefix + ".reconcile.failures")
                .description("Reconcile passes that could not read Redis").register(meters);
    }

    /** One full pass; returns whether notices are followed and every policy could be read. */
    public synchronized boolean reconcile() {
        // subscribe first: a change published during this pass is then either read here or noticed
        boolean listening = subscription.ensureListening();
        Set<String> indexed;
        String incarnation;
        try {
            incarnation = reader.incarnation();
            indexed = reader.indexed();
        } catch (RuntimeException e) {
            unreachable(e);
            return false;
        }
        loader.enterIncarnation(incarnation);
        Set<PolicyName> names = new LinkedHashSet<>();
        for (String entry : indexed) {
            PolicyName name = PolicyName.parse(entry);
            if (name == null) {
                log.warn("ignoring {} index entry '{}': not <namespace>/<name>", reader.kind(), entry);
            } else {
                names.add(name);
            }
        }
        // policies no longer indexed may have been removed while their notice was lost
        names.addAll(loader.known());
        boolean complete = listening;
        for (PolicyName name : names) {
            try {
                loader.loadIfNewer(name);
            } catch (MalformedPolicyException e) {
                // no translator writes this: waiting for it cannot help, so it does not hold readiness back
                log.warn("ignoring {}", e.getMessage());
            } catch (RuntimeException e) {
                complete = false;
                log.warn("could not reconcile {} {}: {}", reader.kind(), name, e.toString());
            }
        }
        if (!redisReachable) {
            log.info("reconciled {} {}(s) with Redis", names.size(), reader.kind());
        }
        redisReachable = true;
        if (complete && !initialLoadDone) {
            initialLoadDone = true;
            log.info("initial load from Redis done: {} {}(s) held", loader.live(), reader.kind());
        }
        return complete;
    }

    private void unreachable(RuntimeException e) {
        failures.increment();
        if (redisReachable || !initialLoadDone) {
            log.warn("Redis unreachable, keeping the {} {}(s) held: {}", loader.live(), reader.kind(), e.toString());
        }
        redisReachable = false;
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
    public synchronized void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "gantry-" + reader.kind() + "-reconciler");
            t.setDaemon(true);
            return t;
        });
        scheduler.scheduleWithFixedDelay(this::reconcileSafely, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void reconcileSafely() {
        try {
            reconcile();
        } catch (RuntimeException e) {
            log.error("{} reconcile pass failed", reader.kind(), e);
        }
    }

    @Override
    public void stop() {
        ScheduledExecutorService current = scheduler;
        if (current != null) {
            current.shutdownNow();
            scheduler = null;
        }
        subscription.stop();
    }

    @Override
    public boolean isRunning() {
        return scheduler != null;
    }
}
