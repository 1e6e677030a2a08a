package dev.gantry.watcher.kubernetes;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import dev.gantry.watcher.publish.PublishException;
import dev.gantry.watcher.publish.ResourcePublisher;
import dev.gantry.watcher.publish.SourceListing;
import dev.gantry.watcher.publish.SyncStatus;

/**
 * Publishes what the informers hold. Informer events only mark the state dirty; once they have been quiet
 * for the debounce time, the whole state goes to the {@link ResourcePublisher} as one listing, which sends
 * only the difference. So a burst of changes costs one pass, and a restart (which re-lists everything)
 * deletes what vanished meanwhile, exactly as for the file source.
 *
 * <p>Nothing is published until every informer has its first listing, or until the initial-sync timeout:
 * a kind still unlisted then keeps its published objects rather than losing them.
 */
final class KubernetesSource implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(KubernetesSource.class);
    private static final Duration MAX_DEBOUNCE = Duration.ofSeconds(1);
    private static final Duration INITIAL_SYNC_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration FIRST_RETRY = Duration.ofMillis(500);
    private static final Duration MAX_RETRY = Duration.ofSeconds(30);

    private final ResourcePublisher publisher;
    private final SyncStatus status;
    private final Duration debounce;
    private final BlockingQueue<Object> changes = new ArrayBlockingQueue<>(1);
    private final ObjectStore store = new ObjectStore(this::changed);
    private final KubernetesFeeds feeds;

    private volatile boolean running;
    private volatile Thread thread;

    KubernetesSource(FeedsFactory feedsFactory, ResourcePublisher publisher, SyncStatus status, Duration debounce) {
        this.publisher = publisher;
        this.status = status;
        this.debounce = debounce;
        this.feeds = feedsFactory.create(store, this::changed);
    }

    /** Builds the feeds once the store they fill exists. */
    interface FeedsFactory {
        KubernetesFeeds create(ObjectStore store, Runnable onSynced);
    }

    @Override
    public void start() {
        running = true;
        feeds.start();
        thread = new Thread(this::run, "gantry-kubernetes-source");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void stop() {
        running = false;
        Thread worker = thread;
        if (worker != null) {
            worker.interrupt();
            try {
                worker.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        feeds.stop();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void changed() {
        changes.offer(Boolean.TRUE);
    }

    private void run() {
        long startedAt = System.nanoTime();
        boolean initialDone = false;
        boolean pending = true;
        Duration retry = FIRST_RETRY;
        try {
            while (running) {
                Duration wait = pending ? retry : Duration.ofDays(1);
                if (changes.poll(wait.toMillis(), TimeUnit.MILLISECONDS) != null) {
                    awaitQuiet();
                    pending = true;
                }
                if (!pending) {
                    continue;
                }
                // Referenced Secrets and ConfigMaps follow the Gateways, BackendTLSPolicies, AuthConfigs and
                // Upstreams just seen; their new informers report back when synced.
                watchReferencedObjects();
                if (!initialDone && !feeds.allSynced()
                        && System.nanoTime() - startedAt < INITIAL_SYNC_TIMEOUT.toNanos()) {
                    retry = FIRST_RETRY;
                    continue;
                }
                if (!initialDone && !feeds.allSynced()) {
                    log.warn("Informers {} have not listed yet; publishing the rest and keeping their kinds as published",
                            feeds.unsyncedFeeds());
                }
                boolean complete = syncOnce();
                initialDone |= complete;
                pending = !complete;
                retry = complete ? FIRST_RETRY : nextRetry(retry);
            }
        } catch (InterruptedException e) {
            // stopping
        }
    }

    private void watchReferencedObjects() {
        var policies = store.objectsOf(WatchedKinds.BACKEND_TLS_POLICY);
        var gateways = store.objectsOf(WatchedKinds.GATEWAY);
        Set<ReferencedSecrets.SecretName> secrets = new TreeSet<>(ReferencedSecrets.of(gateways));
        // a ListenerSet's spec.listeners have the shape of a Gateway's
        secrets.addAll(ReferencedSecrets.of(store.objectsOf(WatchedKinds.LISTENER_SET)));
        secrets.addAll(CaCertificateRefs.of(policies, WatchedKinds.SECRET.kind()));
        // the client certificates and CAs of Upstreams' TLS
        var upstreams = store.objectsOf(WatchedKinds.UPSTREAM);
        secrets.addAll(UpstreamTlsRefs.of(upstreams, WatchedKinds.SECRET.kind()));
        // the Secrets AuthConfigs name go to extauth-service (sealed), through the translator
        var authConfigs = store.objectsOf(WatchedKinds.AUTH_CONFIG);
        secrets.addAll(ReferencedSecrets.ofAuthConfigs(authConfigs));
        feeds.watchReferenced(WatchedKinds.SECRET, secrets);
        // and the Secrets they select by labels (apiKeyAuth.labelSelector)
        feeds.watchSelectedSecrets(ReferencedSecrets.selectorsOfAuthConfigs(authConfigs));
        Set<ReferencedSecrets.SecretName> configMaps = new TreeSet<>(ReferencedSecrets.configMaps(gateways));
        configMaps.addAll(CaCertificateRefs.of(policies, WatchedKinds.CONFIG_MAP.kind()));
        configMaps.addAll(UpstreamTlsRefs.of(upstreams, WatchedKinds.CONFIG_MAP.kind()));
        feeds.watchReferenced(WatchedKinds.CONFIG_MAP, configMaps);
    }

    private boolean syncOnce() {
        Set<String> retained = feeds.unsyncedSources();
        List<dev.gantry.watcher.resource.ResourceObject> objects = store.objects();
        try {
            return publisher.sync(new SourceListing(WatchedKinds.SOURCE_PREFIX, objects, retained)).complete();
        } catch (PublishException e) {
            log.warn("Cannot publish ({}); retrying", e.getMessage());
        } catch (RuntimeException e) {
            log.error("Unexpected failure while publishing the Kubernetes state; retrying", e);
            status.recordFailure(e.toString());
        }
        return false;
    }

    private void awaitQuiet() throws InterruptedException {
        long deadline = System.nanoTime() + MAX_DEBOUNCE.toNanos();
        while (System.nanoTime() < deadline
                && changes.poll(debounce.toMillis(), TimeUnit.MILLISECONDS) != null) {
            // keep collecting
        }
    }

    private static Duration nextRetry(Duration retry) {
        Duration doubled = retry.multipliedBy(2);
        return doubled.compareTo(MAX_RETRY) > 0 ? MAX_RETRY : doubled;
    }
}
