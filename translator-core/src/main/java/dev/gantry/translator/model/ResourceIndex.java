package dev.gantry.translator.model;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.proto.ResourceEvent;
import dev.gantry.proto.ResourceKey;
import dev.gantry.model.auth.AuthConfig;
import dev.gantry.model.options.HttpListenerOption;
import dev.gantry.model.options.ListenerOption;
import dev.gantry.model.options.RouteOption;
import dev.gantry.model.options.VirtualHostOption;
import dev.gantry.model.parameters.GatewayParameters;
import dev.gantry.model.ratelimit.RateLimitConfig;
import dev.gantry.model.upstream.Upstream;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.BackendTLSPolicy;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GRPCRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewayClass;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1alpha2.TCPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1alpha2.TLSRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1beta1.ReferenceGrant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * In-memory state of every resource read from {@code gantry.resources}. Not thread-safe; one consumer
 * thread owns it.
 *
 * <p>Objects are kept per kind in sorted maps keyed by {@code <namespace>/<name>} (just the name for
 * cluster-scoped kinds), so every read returns them in a stable order and the translation built on
 * top of it is deterministic.
 */
public final class ResourceIndex {

    private static final Logger log = LoggerFactory.getLogger(ResourceIndex.class);
    private static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";

    private final ObjectMapper mapper = KubernetesJson.mapper();
    private final Map<IndexedKind, NavigableMap<String, Stored>> byKind = new EnumMap<>(IndexedKind.class);
    /** EndpointSlices per owning Service ({@code <namespace>/<service>}), kept in step with {@link #byKind}. */
    private final Map<String, NavigableMap<String, EndpointSlice>> slicesByService = new TreeMap<>();
    private final Map<IndexedKind, Listing> listings = new EnumMap<>(IndexedKind.class);

    private final ReadLog reads = new ReadLog();

    /** One indexed object and the record it came from. */
    private record Stored(HasMetadata object, ResourceEvent event) {
    }

    public ResourceIndex() {
        for (IndexedKind kind : IndexedKind.values()) {
            byKind.put(kind, new TreeMap<>());
        }
    }

    /**
     * Applies one record ({@code event == null} is a tombstone). Returns true when the index changed.
     * Unparseable JSON or unknown kinds are logged (WARN, naming the key and the problem), ignored,
     * never thrown.
     */
    public boolean apply(ResourceKey key, ResourceEvent event) {
        Optional<IndexedKind> kind = IndexedKind.of(key);
        if (kind.isEmpty()) {
            if (event != null && !IndexedKind.expectedButUnused(key)) {
                log.warn("Ignoring {}: kind {} of group '{}' is not one the translator knows", key, key.kind(), key.group());
            } else {
                log.debug("Ignoring {}: not used by the translator", key);
            }
            return false;
        }
        String name = nameOf(kind.get(), key);
        NavigableMap<String, Stored> objects = byKind.get(kind.get());
        if (event == null) {
            Stored removed = objects.remove(name);
            if (removed != null) {
                listed(kind.get(), name, null);
                unlinkSlice(removed.object());
                changed(kind.get(), name, removed.object(), null);
            }
            return removed != null;
        }
        Stored previous = objects.get(name);
        // Same JSON and generation: the same object. Translators remember results by object identity.
        if (previous != null && previous.event().getJson().equals(event.getJson())
                && previous.event().getGeneration() == event.getGeneration()
                && previous.event().getApiVersion().equals(event.getApiVersion())) {
            objects.put(name, new Stored(previous.object(), event));
            return false;
        }
        HasMetadata parsed = parse(key, kind.get(), event);
        if (parsed == null) {
            return false;
        }
        if (previous != null) {
            unlinkSlice(previous.object());
        }
        objects.put(name, new Stored(parsed, event));
        listed(kind.get(), name, parsed);
        linkSlice(parsed);
        changed(kind.get(), name, previous == null ? null : previous.object(), parsed);
        return true;
    }

    /** Every read whose answer this change moves: the object, its kind's listing, and the groupings it is in. */
    private void changed(IndexedKind kind, String name, HasMetadata before, HasMetadata after) {
        List<Dependency> moved = new ArrayList<>(4);
        moved.add(Dependency.object(kind, name));
        moved.add(Dependency.listing(kind));
        if (kind == IndexedKind.REFERENCE_GRANT || kind == IndexedKind.ROUTE_OPTION
                || kind == IndexedKind.VIRTUAL_HOST_OPTION || kind == IndexedKind.HTTP_LISTENER_OPTION
                || kind == IndexedKind.LISTENER_OPTION) {
            // read by namespace: referenceGrants(namespace), virtualHostOptions(namespace), listener policies
            moved.add(Dependency.inNamespace(kind, name.substring(0, name.indexOf('/'))));
        }
        for (HasMetadata object : new HasMetadata[] {before, after}) {
            // routeOptionsTargeting(namespace, route): the routes it targeted and those it targets now
            if (object instanceof RouteOption option && option.getSpec() != null && option.getSpec().targetRefs() != null) {
                option.getSpec().targetRefs().stream().filter(ref -> ref != null && ref.name() != null)
                        .forEach(ref -> moved.add(Dependency.targeting(kind, option.getMetadata().getNamespace(),
                                ref.name())));
            }
        }
        for (HasMetadata slice : new HasMetadata[] {before, after}) {
            if (slice instanceof EndpointSlice endpointSlice && serviceOf(endpointSlice) != null) {
                moved.add(Dependency.slicesOf(endpointSlice.getMetadata().getNamespace(), serviceOf(endpointSlice)));
            }
        }
        reads.changed(moved);
    }

    /**
     * Runs {@code computation} and records what it reads from the index (a recording inside another counts for
     * both). The result stays right while {@link #unchanged(Reads)} says so.
     */
    public <T> Recorded<T> reading(Supplier<T> computation) {
        reads.start();
        boolean done = false;
        try {
            T value = computation.get();
            done = true;
            return new Recorded<>(value, reads.stop());
        } finally {
            if (!done) {
                reads.stop();
            }
        }
    }

    /** A value and what computing it read. */
    public record Recorded<T>(T value, Reads reads) {
    }

    /** Whether nothing {@code reads} depends on has changed since they were made. */
    public boolean unchanged(Reads reads) {
        return this.reads.unchanged(reads);
    }

    /** A kept result is used instead of computing it again: what it read counts for the enclosing recording. */
    public void reread(Reads reads) {
        this.reads.readAll(reads.dependencies());
    }

    /** The number of indexed objects, all kinds together. */
    public int size() {
        return byKind.values().stream().mapToInt(Map::size).sum();
    }

    /** The record an indexed object came from (its generation, source and observation time). */
    public Optional<ResourceEvent> event(ResourceKey key) {
        return IndexedKind.of(key)
                .map(kind -> {
                    String name = nameOf(kind, key);
                    reads.read(Dependency.object(kind, name));
                    return byKind.get(kind).get(name);
                })
                .map(Stored::event);
    }

    public Optional<GatewayClass> gatewayClass(String name) {
        return find(IndexedKind.GATEWAY_CLASS, name, GatewayClass.class);
    }

    /** Every GatewayClass, sorted by name. */
    public List<GatewayClass> gatewayClasses() {
        return all(IndexedKind.GATEWAY_CLASS, GatewayClass.class);
    }

    public Optional<Gateway> gateway(String namespace, String name) {
        return find(IndexedKind.GATEWAY, ObjectNames.of(namespace, name), Gateway.class);
    }

    /** Every Gateway, sorted by {@code <namespace>/<name>}. */
    public List<Gateway> gateways() {
        return all(IndexedKind.GATEWAY, Gateway.class);
    }

    /** Every ListenerSet, sorted by {@code <namespace>/<name>} (read generically, see {@link IndexedKind}). */
    public List<GenericKubernetesResource> listenerSets() {
        return all(IndexedKind.LISTENER_SET, GenericKubernetesResource.class);
    }

    /** Every HTTPRoute, sorted by {@code <namespace>/<name>}. */
    public List<HTTPRoute> httpRoutes() {
        return all(IndexedKind.HTTP_ROUTE, HTTPRoute.class);
    }

    /** Every GRPCRoute, sorted by {@code <namespace>/<name>}. */
    public List<GRPCRoute> grpcRoutes() {
        return all(IndexedKind.GRPC_ROUTE, GRPCRoute.class);
    }

    /** Every TLSRoute, sorted by {@code <namespace>/<name>}. */
    public List<TLSRoute> tlsRoutes() {
        return all(IndexedKind.TLS_ROUTE, TLSRoute.class);
    }

    /** Every TCPRoute, sorted by {@code <namespace>/<name>}. */
    public List<TCPRoute> tcpRoutes() {
        return all(IndexedKind.TCP_ROUTE, TCPRoute.class);
    }

    public Optional<Namespace> namespace(String name) {
        return find(IndexedKind.NAMESPACE, name, Namespace.class);
    }

    public Optional<Secret> secret(String namespace, String name) {
        return find(IndexedKind.SECRET, ObjectNames.of(namespace, name), Secret.class);
    }

    public Optional<ConfigMap> configMap(String namespace, String name) {
        return find(IndexedKind.CONFIG_MAP, ObjectNames.of(namespace, name), ConfigMap.class);
    }

    /** Every BackendTLSPolicy, sorted by {@code <namespace>/<name>}. */
    public List<BackendTLSPolicy> backendTlsPolicies() {
        return all(IndexedKind.BACKEND_TLS_POLICY, BackendTLSPolicy.class);
    }

    /**
     * The {@code metadata.generation} of an indexed object as its record carries it (the watcher copies
     * it into the event), or 0 when unknown.
     */
    public long generation(ResourceKey key) {
        return event(key).map(ResourceEvent::getGeneration).orElse(0L);
    }

    public Optional<Service> service(String namespace, String name) {
        return find(IndexedKind.SERVICE, ObjectNames.of(namespace, name), Service.class);
    }

    /** The EndpointSlices labelled {@code kubernetes.io/service-name=<service>} in the namespace, sorted by name. */
    public List<EndpointSlice> endpointSlices(String namespace, String service) {
        reads.read(Dependency.slicesOf(namespace, service));
        NavigableMap<String, EndpointSlice> slices = slicesByService.get(ObjectNames.of(namespace, service));
        return slices == null ? List.of() : List.copyOf(slices.values());
    }

    public Optional<RouteOption> routeOption(String namespace, String name) {
        return find(IndexedKind.ROUTE_OPTION, ObjectNames.of(namespace, name), RouteOption.class);
    }

    /**
     * The RouteOptions of {@code namespace} whose targetRefs name {@code route} (of any kind: the caller checks the
     * rest), sorted by name. Recorded as a read of the policies targeting that name only, so a RouteOption added,
     * changed, retargeted or deleted re-resolves the routes it targeted and targets, not every route of the
     * namespace.
     */
    public List<RouteOption> routeOptionsTargeting(String namespace, String route) {
        reads.read(Dependency.targeting(IndexedKind.ROUTE_OPTION, namespace, route));
        return byKind.get(IndexedKind.ROUTE_OPTION).subMap(namespace + "/", true, namespace + "0", false)
                .values().stream().map(stored -> (RouteOption) stored.object())
                .filter(option -> option.getSpec() != null && option.getSpec().targetRefs() != null
                        && option.getSpec().targetRefs().stream().anyMatch(ref -> ref != null && route.equals(ref.name())))
                .toList();
    }

    /**
     * The VirtualHostOptions of one namespace, sorted by name: those that may target a Gateway of the namespace.
     * Recorded as one read of the namespace.
     */
    public List<VirtualHostOption> virtualHostOptions(String namespace) {
        reads.read(Dependency.inNamespace(IndexedKind.VIRTUAL_HOST_OPTION, namespace));
        return byKind.get(IndexedKind.VIRTUAL_HOST_OPTION).subMap(namespace + "/", true, namespace + "0", false)
                .values().stream().map(stored -> (VirtualHostOption) stored.object()).toList();
    }

    /** The HttpListenerOptions of one namespace, sorted by name. Recorded as one read of the namespace. */
    public List<HttpListenerOption> httpListenerOptions(String namespace) {
        return inNamespace(IndexedKind.HTTP_LISTENER_OPTION, namespace, HttpListenerOption.class);
    }

    /** Every HttpListenerOption, sorted by {@code <namespace>/<name>} (for their statuses). */
    public List<HttpListenerOption> httpListenerOptions() {
        return all(IndexedKind.HTTP_LISTENER_OPTION, HttpListenerOption.class);
    }

    /** The ListenerOptions of one namespace, sorted by name. Recorded as one read of the namespace. */
    public List<ListenerOption> listenerOptions(String namespace) {
        return inNamespace(IndexedKind.LISTENER_OPTION, namespace, ListenerOption.class);
    }

    /** Every ListenerOption, sorted by {@code <namespace>/<name>} (for their statuses). */
    public List<ListenerOption> listenerOptions() {
        return all(IndexedKind.LISTENER_OPTION, ListenerOption.class);
    }

    private <T> List<T> inNamespace(IndexedKind kind, String namespace, Class<T> type) {
        reads.read(Dependency.inNamespace(kind, namespace));
        // '/' + 1 == '0': the sub-map holds exactly the keys "<namespace>/...".
        return byKind.get(kind).subMap(namespace + "/", true, namespace + "0", false)
                .values().stream().map(stored -> type.cast(stored.object())).toList();
    }

    /** Every VirtualHostOption, sorted by {@code <namespace>/<name>} (for their statuses). */
    public List<VirtualHostOption> virtualHostOptions() {
        return all(IndexedKind.VIRTUAL_HOST_OPTION, VirtualHostOption.class);
    }

    /** One HTTPRoute by name (what a RouteOption's targetRef names). */
    public Optional<HTTPRoute> httpRoute(String namespace, String name) {
        return find(IndexedKind.HTTP_ROUTE, ObjectNames.of(namespace, name), HTTPRoute.class);
    }

    /** Every RouteOption, sorted by {@code <namespace>/<name>} (for their statuses). */
    public List<RouteOption> routeOptions() {
        return all(IndexedKind.ROUTE_OPTION, RouteOption.class);
    }

    /** One Upstream by name (what a backendRef of kind Upstream names). */
    public Optional<Upstream> upstream(String namespace, String name) {
        return find(IndexedKind.UPSTREAM, ObjectNames.of(namespace, name), Upstream.class);
    }

    /** Every Upstream, sorted by {@code <namespace>/<name>} (for their statuses). */
    public List<Upstream> upstreams() {
        return all(IndexedKind.UPSTREAM, Upstream.class);
    }

    /** A RateLimitConfig by name (a recorded read of that object). */
    public Optional<RateLimitConfig> rateLimitConfig(String namespace, String name) {
        return find(IndexedKind.RATE_LIMIT_CONFIG, ObjectNames.of(namespace, name), RateLimitConfig.class);
    }

    /** Every RateLimitConfig, sorted by {@code <namespace>/<name>}. */
    public List<RateLimitConfig> rateLimitConfigs() {
        return all(IndexedKind.RATE_LIMIT_CONFIG, RateLimitConfig.class);
    }

    /** An AuthConfig by name (a recorded read of that object). */
    public Optional<AuthConfig> authConfig(String namespace, String name) {
        return find(IndexedKind.AUTH_CONFIG, ObjectNames.of(namespace, name), AuthConfig.class);
    }

    /** Every AuthConfig, sorted by {@code <namespace>/<name>}. */
    public List<AuthConfig> authConfigs() {
        return all(IndexedKind.AUTH_CONFIG, AuthConfig.class);
    }

    /** The Secrets of one namespace, sorted by name (a recorded read of every Secret: label selectors). */
    public List<Secret> secrets(String namespace) {
        return all(IndexedKind.SECRET, Secret.class).stream()
                .filter(secret -> namespace.equals(secret.getMetadata().getNamespace())).toList();
    }

    public Optional<GatewayParameters> gatewayParameters(String namespace, String name) {
        return find(IndexedKind.GATEWAY_PARAMETERS, ObjectNames.of(namespace, name), GatewayParameters.class);
    }

    /** Every CustomResourceDefinition the watcher published, sorted by name (only metadata is read). */
    public List<GenericKubernetesResource> customResourceDefinitions() {
        return all(IndexedKind.CUSTOM_RESOURCE_DEFINITION, GenericKubernetesResource.class);
    }

    /** Every Service, sorted by {@code <namespace>/<name>}. */
    public List<Service> services() {
        return all(IndexedKind.SERVICE, Service.class);
    }

    /** The ReferenceGrants of one namespace, sorted by name. */
    public List<ReferenceGrant> referenceGrants(String namespace) {
        reads.read(Dependency.inNamespace(IndexedKind.REFERENCE_GRANT, namespace));
        // '/' + 1 == '0': the sub-map holds exactly the keys "<namespace>/...".
        return byKind.get(IndexedKind.REFERENCE_GRANT).subMap(namespace + "/", true, namespace + "0", false)
                .values().stream().map(stored -> (ReferenceGrant) stored.object()).toList();
    }

    private HasMetadata parse(ResourceKey key, IndexedKind kind, ResourceEvent event) {
        HasMetadata parsed;
        try {
            parsed = mapper.readValue(event.getJson(), kind.type);
        } catch (JacksonException e) {
            log.warn("Ignoring {}: its JSON does not parse as a {}: {}", key, key.kind(), e.getOriginalMessage());
            return null;
        } catch (RuntimeException e) {
            // fabric8's custom deserializers (quantities, int-or-string...) throw their own exceptions.
            log.warn("Ignoring {}: its JSON does not parse as a {}: {}", key, key.kind(), e.toString());
            return null;
        }
        if (parsed == null) {
            log.warn("Ignoring {}: its JSON is empty", key);
            return null;
        }
        // The key is the identity on the topic; the object's own metadata may be partial (hand-written files).
        ObjectMeta metadata = parsed.getMetadata() == null ? new ObjectMeta() : parsed.getMetadata();
        metadata.setName(key.name());
        metadata.setNamespace(key.namespace().isEmpty() ? null : key.namespace());
        parsed.setMetadata(metadata);
        return parsed;
    }

    private void linkSlice(HasMetadata object) {
        if (object instanceof EndpointSlice slice) {
            String service = serviceOf(slice);
            if (service != null) {
                slicesByService.computeIfAbsent(ObjectNames.of(slice.getMetadata().getNamespace(), service),
                        ignored -> new TreeMap<>()).put(slice.getMetadata().getName(), slice);
            }
        }
    }

    private void unlinkSlice(HasMetadata object) {
        if (object instanceof EndpointSlice slice) {
            String service = serviceOf(slice);
            if (service != null) {
                String owner = ObjectNames.of(slice.getMetadata().getNamespace(), service);
                NavigableMap<String, EndpointSlice> slices = slicesByService.get(owner);
                if (slices != null) {
                    slices.remove(slice.getMetadata().getName());
                    if (slices.isEmpty()) {
                        slicesByService.remove(owner);
                    }
                }
            }
        }
    }

    private static String serviceOf(EndpointSlice slice) {
        Map<String, String> labels = slice.getMetadata().getLabels();
        return labels == null ? null : labels.get(SERVICE_NAME_LABEL);
    }

    private static String nameOf(IndexedKind kind, ResourceKey key) {
        return kind.clusterScoped ? key.name() : ObjectNames.of(key.namespace(), key.name());
    }

    private <T> Optional<T> find(IndexedKind kind, String name, Class<T> type) {
        reads.read(Dependency.object(kind, name));
        return Optional.ofNullable(byKind.get(kind).get(name)).map(stored -> type.cast(stored.object()));
    }

    /** Every object of a kind, in key order (a copy: the index moves on, the list does not). */
    @SuppressWarnings("unchecked")
    private <T> List<T> all(IndexedKind kind, Class<T> type) {
        reads.read(Dependency.listing(kind));
        NavigableMap<String, Stored> stored = byKind.get(kind);
        if (stored.isEmpty()) {
            return Collections.emptyList();
        }
        Listing listing = listings.computeIfAbsent(kind, ignored -> Listing.of(stored));
        return (List<T>) List.copyOf(listing.objects);
    }

    /** Keeps a kind's listing, if one was made, in step with a change ({@code object} null: removed). */
    private void listed(IndexedKind kind, String name, HasMetadata object) {
        Listing listing = listings.get(kind);
        if (listing == null) {
            return;
        }
        int at = Collections.binarySearch(listing.names, name);
        if (object == null) {
            if (at >= 0) {
                listing.names.remove(at);
                listing.objects.remove(at);
            }
        } else if (at >= 0) {
            listing.objects.set(at, object);
        } else {
            listing.names.add(-at - 1, name);
            listing.objects.add(-at - 1, object);
        }
    }

    /**
     * A kind's objects in key order as arrays: listing thousands of routes on every translation would otherwise
     * walk the tree, and one change only moves one entry.
     */
    private record Listing(List<String> names, List<HasMetadata> objects) {

        static Listing of(NavigableMap<String, Stored> stored) {
            List<String> names = new ArrayList<>(stored.size());
            List<HasMetadata> objects = new ArrayList<>(stored.size());
            stored.forEach((name, entry) -> {
                names.add(name);
                objects.add(entry.object());
            });
            return new Listing(names, objects);
        }
    }
}
