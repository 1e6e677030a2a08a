package dev.gantry.watcher.status;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.gantry.proto.ResourceKey;
import dev.gantry.proto.ResourceStatus;
import dev.gantry.watcher.kubernetes.WatchedKind;
import dev.gantry.watcher.kubernetes.WatchedKinds;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;

/**
 * Writes one object's status subresource when our part of it changed. It remembers what it wrote, so a
 * recomputation that changes nothing costs no API call; otherwise it reads the object, merges, and
 * writes only if the merge differs, with the object's resourceVersion (a conflict means someone else
 * wrote meanwhile: read again and retry).
 */
final class StatusWriter {

    private static final Logger log = LoggerFactory.getLogger(StatusWriter.class);
    private static final int CONFLICT_ATTEMPTS = 5;

    enum Outcome {
        WRITTEN, UNCHANGED, MISSING, UNSUPPORTED
    }

    private final KubernetesClient client;
    private final StatusMerge merge;
    private final StatusMetrics metrics;
    private final Clock clock;
    /** Our part of each object's status as this leader last wrote or read it. */
    private final Map<String, Object> known = new ConcurrentHashMap<>();

    StatusWriter(KubernetesClient client, StatusMerge merge, StatusMetrics metrics, Clock clock) {
        this.client = client;
        this.merge = merge;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** Forgets what was written: after a leadership change, another leader may have written since. */
    void forget() {
        known.clear();
    }

    /** @throws KubernetesClientException when the API server refuses the read or the write */
    Outcome write(ResourceStatus status) {
        String key = ResourceKey.of(status.getApiVersion(), status.getKind(), status.getNamespace(),
                status.getName()).toString();
        Optional<WatchedKind> kind = kindOf(status);
        if (kind.isEmpty()) {
            log.debug("No status write-back for kind {} ({})", status.getKind(), key);
            return Outcome.UNSUPPORTED;
        }
        Object desired = merge.owned(merge.merge(null, status, clock.instant()), status.getKind());
        if (desired.equals(known.get(key))) {
            metrics.unchanged();
            return Outcome.UNCHANGED;
        }
        for (int attempt = 1; ; attempt++) {
            Resource<GenericKubernetesResource> resource = resource(kind.get(), status);
            GenericKubernetesResource object = resource.get();
            if (object == null) {
                known.remove(key);
                log.debug("{} is gone; its status is not written", key);
                return Outcome.MISSING;
            }
            Map<String, Object> current = statusOf(object);
            Map<String, Object> merged = merge.merge(current, status, clock.instant());
            // Compared with what the merge would write (not with desired): other controllers' entries can leave
            // less room than desired needs under a list's maxItems, and that must not rewrite the same thing forever.
            if (merge.owned(current, status.getKind()).equals(merge.owned(merged, status.getKind()))) {
                known.put(key, desired);
                metrics.unchanged();
                return Outcome.UNCHANGED;
            }
            object.setAdditionalProperty("status", merged);
            try {
                operation(kind.get(), status).resource(object).updateStatus();
                known.put(key, desired);
                metrics.written();
                log.debug("Wrote the status of {} (generation {})", key, status.getObservedGeneration());
                return Outcome.WRITTEN;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409 || attempt >= CONFLICT_ATTEMPTS) {
                    throw e;
                }
                log.debug("Conflict writing the status of {}; reading it again", key);
            }
        }
    }

    private static Optional<WatchedKind> kindOf(ResourceStatus status) {
        String apiVersion = status.getApiVersion();
        String version = apiVersion.substring(apiVersion.indexOf('/') + 1);
        return WatchedKinds.find(ResourceKey.groupOf(apiVersion), status.getKind()).map(k -> k.atVersion(version));
    }

    private Resource<GenericKubernetesResource> resource(WatchedKind kind, ResourceStatus status) {
        return operation(kind, status).withName(status.getName());
    }

    private NonNamespaceOperation<GenericKubernetesResource, GenericKubernetesResourceList,
            Resource<GenericKubernetesResource>> operation(WatchedKind kind, ResourceStatus status) {
        var all = client.genericKubernetesResources(kind.context());
        return kind.namespaced() ? all.inNamespace(status.getNamespace()) : all;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> statusOf(GenericKubernetesResource object) {
        return object.getAdditionalProperties().get("status") instanceof Map<?, ?> status
                ? (Map<String, Object>) status : null;
    }
}
