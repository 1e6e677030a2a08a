package dev.gantry.watcher.kubernetes;

import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.gantry.watcher.publish.WatcherMetrics;
import dev.gantry.watcher.resource.InvalidManifestException;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;

/** One informer feeding the {@link ObjectStore} under its own feed name. */
final class InformerFeed implements ResourceEventHandler<GenericKubernetesResource> {

    private static final Logger log = LoggerFactory.getLogger(InformerFeed.class);

    private final String name;
    private final WatchedKind kind;
    private final SharedIndexInformer<GenericKubernetesResource> informer;
    private final ObjectStore store;
    private final KubernetesObjects objects;
    private final WatcherMetrics metrics;
    private final AtomicBoolean warned = new AtomicBoolean();

    InformerFeed(String name, WatchedKind kind, SharedIndexInformer<GenericKubernetesResource> informer,
            ObjectStore store, KubernetesObjects objects, WatcherMetrics metrics) {
        this.name = name;
        this.kind = kind;
        this.informer = informer;
        this.store = store;
        this.objects = objects;
        this.metrics = metrics;
    }

    /** Starts listing and watching; {@code onSynced} runs once the first listing is in the store. */
    void start(Runnable onSynced) {
        informer.addEventHandler(this);
        // Keep retrying (a missing CRD, RBAC, a dropped connection): until the first listing arrives,
        // the kind's previously published objects are retained rather than deleted.
        informer.exceptionHandler((started, t) -> {
            if (warned.compareAndSet(false, true)) {
                log.warn("Informer {} failed ({}); retrying", name, t.toString());
            } else {
                log.debug("Informer {} failed again", name, t);
            }
            return true;
        });
        informer.start().whenComplete((ignored, error) -> {
            if (error == null) {
                log.info("Informer {} synced ({} object(s))", name, informer.getStore().list().size());
                onSynced.run();
            }
        });
    }

    void stop() {
        informer.stop();
        store.dropFeed(name);
    }

    boolean hasSynced() {
        return informer.hasSynced();
    }

    String name() {
        return name;
    }

    WatchedKind kind() {
        return kind;
    }

    @Override
    public void onAdd(GenericKubernetesResource resource) {
        put(resource);
    }

    @Override
    public void onUpdate(GenericKubernetesResource previous, GenericKubernetesResource resource) {
        put(resource);
    }

    @Override
    public void onDelete(GenericKubernetesResource resource, boolean finalStateUnknown) {
        try {
            store.remove(name, objects.toEntry(resource, kind).object().key());
        } catch (InvalidManifestException e) {
            log.debug("Deleted {} had no usable identity", kind, e);
        }
    }

    private void put(GenericKubernetesResource resource) {
        try {
            store.put(name, objects.toEntry(resource, kind));
        } catch (InvalidManifestException e) {
            metrics.parseError();
            log.warn("Skipping {} {}/{}: {}", kind.kind(), resource.getMetadata().getNamespace(),
                    resource.getMetadata().getName(), e.getMessage());
        }
    }
}
