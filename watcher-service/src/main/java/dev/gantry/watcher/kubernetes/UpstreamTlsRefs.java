package dev.gantry.watcher.kubernetes;

import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

import dev.gantry.model.common.ResourceRef;
import dev.gantry.model.upstream.UpstreamSpec;
import dev.gantry.watcher.kubernetes.ReferencedSecrets.SecretName;
import dev.gantry.watcher.resource.ResourceObject;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Secrets and ConfigMaps Upstreams name for TLS: {@code sslConfig.secretRef} (the client certificate, a Secret)
 * and {@code sslConfig.rootCaRef} (a ConfigMap or Secret holding {@code ca.crt}); a reference without a namespace
 * means the Upstream's. Read with gantry-model's spec record, as the translator reads it. Pure.
 */
final class UpstreamTlsRefs {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private UpstreamTlsRefs() {
    }

    /** @param kind {@code Secret} or {@code ConfigMap} */
    static Set<SecretName> of(Collection<ResourceObject> upstreams, String kind) {
        Set<SecretName> names = new TreeSet<>();
        for (ResourceObject upstream : upstreams) {
            UpstreamSpec.SslConfig ssl = sslConfig(upstream);
            if (ssl == null) {
                continue;
            }
            ResourceRef secret = ssl.secretRef();
            if ("Secret".equals(kind) && secret != null) {
                add(names, upstream, secret.name(), secret.namespace());
            }
            UpstreamSpec.CaCertificateRef ca = ssl.rootCaRef();
            if (ca != null && kind.equals(ca.kind())) {
                add(names, upstream, ca.name(), ca.namespace());
            }
        }
        return names;
    }

    /** The Upstream's {@code sslConfig}; none when it has none or is malformed (its status says so). */
    private static UpstreamSpec.SslConfig sslConfig(ResourceObject upstream) {
        try {
            UpstreamSpec spec = MAPPER.treeToValue(MAPPER.readTree(upstream.json()).path("spec"), UpstreamSpec.class);
            return spec == null ? null : spec.sslConfig();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static void add(Set<SecretName> names, ResourceObject upstream, String name, String namespace) {
        if (name != null && !name.isEmpty()) {
            names.add(new SecretName(namespace == null || namespace.isEmpty() ? upstream.namespace() : namespace, name));
        }
    }
}
