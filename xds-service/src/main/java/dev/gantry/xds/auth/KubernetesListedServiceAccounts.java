package dev.gantry.xds.auth;

import dev.gantry.model.parameters.GatewayParameters;
import dev.gantry.model.parameters.GatewayParametersSpec;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewayClass;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the listed ServiceAccounts from the Kubernetes API as the deployer reads GatewayParameters: the Gateway's
 * own ({@code spec.infrastructure.parametersRef}) replace its GatewayClass's ({@code spec.parametersRef}). Asked
 * only when a ServiceAccount that is not the Gateway's own proxy asks for it, and cached per Gateway for
 * {@code ttl} in a bounded map (a revoked listing takes effect for new streams within it). A failed lookup is not
 * cached and lists nobody: the stream is refused and the client retries.
 */
public class KubernetesListedServiceAccounts implements ListedServiceAccounts {

    private static final Logger log = LoggerFactory.getLogger(KubernetesListedServiceAccounts.class);
    private static final String GROUP = "gateway.gantry.dev";
    private static final String KIND = "GatewayParameters";

    private record Entry(Set<String> names, Instant expires) {
    }

    private final Supplier<KubernetesClient> client;
    private final Duration ttl;
    private final int maxEntries;
    private final Clock clock;
    private final Map<String, Entry> cache = new ConcurrentHashMap<>();

    public KubernetesListedServiceAccounts(Supplier<KubernetesClient> client, Duration ttl, int maxEntries, Clock clock) {
        this.client = client;
        this.ttl = ttl;
        this.maxEntries = maxEntries;
        this.clock = clock;
    }

    @Override
    public Set<String> of(String namespace, String gateway) {
        String key = namespace + "/" + gateway;
        Instant now = clock.instant();
        Entry cached = cache.get(key);
        if (cached != null && now.isBefore(cached.expires())) {
            return cached.names();
        }
        Set<String> names;
        try {
            names = lookUp(namespace, gateway);
        } catch (RuntimeException e) {
            log.warn("Could not read the GatewayParameters of Gateway {}: {}", key, e.toString());
            return Set.of();
        }
        if (cache.size() >= maxEntries) {
            cache.clear();
        }
        cache.put(key, new Entry(names, now.plus(ttl)));
        return names;
    }

    private Set<String> lookUp(String namespace, String name) {
        KubernetesClient kubernetes = client.get();
        Gateway gateway = kubernetes.resources(Gateway.class).inNamespace(namespace).withName(name).get();
        if (gateway == null || gateway.getSpec() == null) {
            return Set.of();
        }
        var infrastructure = gateway.getSpec().getInfrastructure();
        var own = infrastructure == null || infrastructure.getParametersRef() == null ? null
                : infrastructure.getParametersRef();
        if (own != null && GROUP.equals(own.getGroup()) && KIND.equals(own.getKind())) {
            List<String> listed = listed(kubernetes, namespace, own.getName());
            if (listed != null) {
                return Set.copyOf(listed);
            }
        }
        GatewayClass gatewayClass = gateway.getSpec().getGatewayClassName() == null ? null
                : kubernetes.resources(GatewayClass.class).withName(gateway.getSpec().getGatewayClassName()).get();
        var ref = gatewayClass == null || gatewayClass.getSpec() == null ? null : gatewayClass.getSpec().getParametersRef();
        if (ref != null && GROUP.equals(ref.getGroup()) && KIND.equals(ref.getKind()) && ref.getNamespace() != null) {
            List<String> listed = listed(kubernetes, ref.getNamespace(), ref.getName());
            if (listed != null) {
                return Set.copyOf(listed);
            }
        }
        return Set.of();
    }

    /** The list on one GatewayParameters, or null when it has none (then the GatewayClass's applies). */
    private static List<String> listed(KubernetesClient kubernetes, String namespace, String name) {
        GatewayParameters parameters = kubernetes.resources(GatewayParameters.class).inNamespace(namespace)
                .withName(name).get();
        GatewayParametersSpec spec = parameters == null ? null : parameters.getSpec();
        if (spec == null || spec.xds() == null || spec.xds().serviceAccounts() == null) {
            return null;
        }
        return spec.xds().serviceAccounts().stream().filter(n -> n != null && !n.isBlank()).toList();
    }
}
