package dev.gantry.watcher.kubernetes;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.gantry.watcher.kubernetes.ReferencedSecrets.SecretName;
import dev.gantry.watcher.kubernetes.ReferencedSecrets.SecretSelector;
import dev.gantry.watcher.publish.WatcherMetrics;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;

/**
 * The informers of the Kubernetes source: one per watched kind and namespace (cluster-wide when all
 * namespaces are watched), one for Secrets labelled for auth, one per Secret or ConfigMap a Gateway, a
 * BackendTLSPolicy, an AuthConfig or an Upstream references (certificates, CA certificates, credentials) and one per
 * label selector of an AuthConfig (API
 * key Secrets), started and stopped as references come and go.
 */
final class KubernetesFeeds {

    private static final Logger log = LoggerFactory.getLogger(KubernetesFeeds.class);
    private static final String ALL_NAMESPACES = "*";

    private final KubernetesClient client;
    private final KubernetesSourceProperties properties;
    private final ObjectStore store;
    private final KubernetesObjects objects;
    private final WatcherMetrics metrics;
    private final Runnable onSynced;
    private final List<InformerFeed> fixed = new ArrayList<>();
    /** Per selectively watched kind (Secret, ConfigMap), one feed per referenced object. */
    private final Map<WatchedKind, Map<SecretName, InformerFeed>> referenced = new HashMap<>();
    /** One feed per label selector of an AuthConfig: the Secrets it selects, followed as their labels change. */
    private final Map<SecretSelector, InformerFeed> selected = new HashMap<>();
    /** Selectors the API server would refuse, reported once each. */
    private final Set<SecretSelector> refusedSelectors = new java.util.HashSet<>();

    KubernetesFeeds(KubernetesClient client, KubernetesSourceProperties properties, ObjectStore store,
            KubernetesObjects objects, WatcherMetrics metrics, Runnable onSynced) {
        this.client = client;
        this.properties = properties;
        this.store = store;
        this.objects = objects;
        this.metrics = metrics;
        this.onSynced = onSynced;
    }

    synchronized void start() {
        for (WatchedKind kind : WatchedKinds.WHOLESALE) {
            for (String namespace : namespacesOf(kind)) {
                fixed.add(feed(kind.plural() + "@" + namespace, kind, inNamespace(kind, namespace)));
            }
        }
        String label = properties.authSecretLabel();
        for (String namespace : namespacesOf(WatchedKinds.SECRET)) {
            var secrets = inNamespace(WatchedKinds.SECRET, namespace).withLabel(label);
            fixed.add(new InformerFeed("secrets[" + label + "]@" + namespace, WatchedKinds.SECRET,
                    secrets.runnableInformer(0), store, objects, metrics));
        }
        fixed.forEach(feed -> feed.start(onSynced));
        log.info("Started {} informer(s) for namespaces {}", fixed.size(),
                properties.watchesAllNamespaces() ? "(all)" : properties.namespaces());
    }

    /** Watches exactly the referenced Secrets from now on. */
    synchronized void watchReferencedSecrets(Set<SecretName> wanted) {
        watchReferenced(WatchedKinds.SECRET, wanted);
    }

    /** Watches exactly the referenced objects of one selectively watched kind from now on. */
    synchronized void watchReferenced(WatchedKind kind, Set<SecretName> wanted) {
        Map<SecretName, InformerFeed> feeds = referenced.computeIfAbsent(kind, k -> new HashMap<>());
        feeds.entrySet().removeIf(entry -> {
            if (wanted.contains(entry.getKey())) {
                return false;
            }
            log.info("{} {} is no longer referenced; no longer watched", kind.kind(), entry.getKey());
            entry.getValue().stop();
            return true;
        });
        for (SecretName name : wanted) {
            feeds.computeIfAbsent(name, n -> {
                log.info("{} {} is referenced; watching it", kind.kind(), n);
                var object = client.genericKubernetesResources(kind.context())
                        .inNamespace(n.namespace()).withField("metadata.name", n.name());
                InformerFeed feed = new InformerFeed(kind.plural() + "/" + n, kind,
                        object.runnableInformer(0), store, objects, metrics);
                feed.start(onSynced);
                return feed;
            });
        }
    }

    /**
     * Watches exactly the Secrets these selectors select from now on. The API server filters by labels, so a Secret
     * whose labels stop matching leaves its feed (a deletion for the feed) and one whose labels come to match
     * enters it.
     */
    synchronized void watchSelectedSecrets(Set<SecretSelector> wanted) {
        Set<SecretSelector> usable = new TreeSet<>();
        for (SecretSelector selector : wanted) {
            if (ReferencedSecrets.validLabels(selector.labels())) {
                usable.add(selector);
            } else if (refusedSelectors.add(selector)) {
                log.warn("AuthConfig label selector {} is not a valid Kubernetes label selector; no Secret is "
                        + "selected by it", selector);
            }
        }
        refusedSelectors.retainAll(wanted);
        selected.entrySet().removeIf(entry -> {
            if (usable.contains(entry.getKey())) {
                return false;
            }
            log.info("Secrets selected by {} are no longer used; no longer watched", entry.getKey());
            entry.getValue().stop();
            return true;
        });
        for (SecretSelector selector : usable) {
            selected.computeIfAbsent(selector, s -> {
                log.info("AuthConfigs select Secrets by {}; watching them", s);
                var secrets = inNamespace(WatchedKinds.SECRET, s.namespace()).withLabels(s.labels());
                InformerFeed feed = new InformerFeed("secrets" + s, WatchedKinds.SECRET,
                        secrets.runnableInformer(0), store, objects, metrics);
                feed.start(onSynced);
                return feed;
            });
        }
    }

    private java.util.stream.Stream<InformerFeed> referencedFeeds() {
        return java.util.stream.Stream.concat(
                referenced.values().stream().flatMap(feeds -> feeds.values().stream()), selected.values().stream());
    }

    synchronized boolean allSynced() {
        return fixed.stream().allMatch(InformerFeed::hasSynced)
                && referencedFeeds().allMatch(InformerFeed::hasSynced);
    }

    /** Sources of kinds with a feed still waiting for its first listing: their objects must be kept. */
    synchronized Set<String> unsyncedSources() {
        Set<String> sources = new TreeSet<>();
        fixed.stream().filter(f -> !f.hasSynced()).forEach(f -> sources.add(f.kind().source()));
        referencedFeeds().filter(f -> !f.hasSynced()).forEach(f -> sources.add(f.kind().source()));
        return sources;
    }

    synchronized List<String> unsyncedFeeds() {
        List<String> names = new ArrayList<>();
        fixed.stream().filter(f -> !f.hasSynced()).forEach(f -> names.add(f.name()));
        referencedFeeds().filter(f -> !f.hasSynced()).forEach(f -> names.add(f.name()));
        return names;
    }

    synchronized void stop() {
        fixed.forEach(InformerFeed::stop);
        referencedFeeds().forEach(InformerFeed::stop);
        fixed.clear();
        referenced.clear();
        selected.clear();
    }

    private InformerFeed feed(String name, WatchedKind kind,
            io.fabric8.kubernetes.client.dsl.Informable<GenericKubernetesResource> source) {
        return new InformerFeed(name, kind, source.runnableInformer(0), store, objects, metrics);
    }

    private List<String> namespacesOf(WatchedKind kind) {
        return !kind.namespaced() || properties.watchesAllNamespaces() ? List.of(ALL_NAMESPACES)
                : properties.namespaces();
    }

    private io.fabric8.kubernetes.client.dsl.FilterWatchListDeletable<GenericKubernetesResource,
            GenericKubernetesResourceList, Resource<GenericKubernetesResource>> inNamespace(WatchedKind kind,
                    String namespace) {
        MixedOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>> op =
                client.genericKubernetesResources(kind.context());
        return ALL_NAMESPACES.equals(namespace) ? op.inAnyNamespace() : op.inNamespace(namespace);
    }
}
