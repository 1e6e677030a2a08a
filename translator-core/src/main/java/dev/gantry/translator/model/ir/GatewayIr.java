package dev.gantry.translator.model.ir;

import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One Gateway ready for Envoy.
 *
 * @param listeners the listeners that can be programmed (accepted, not conflicted, refs resolved), in spec order
 * @param backends every backend some attached route forwards to, by cluster name
 * @param certificates every TLS certificate an HTTPS listener serves, by SDS secret name
 */
public record GatewayIr(String namespace, String name, List<ListenerIr> listeners,
        SortedMap<String, BackendIr> backends, SortedMap<String, TlsCertificate> certificates) {

    public GatewayIr {
        listeners = List.copyOf(listeners);
        backends = new TreeMap<>(backends);
        certificates = new TreeMap<>(certificates);
    }

    /** {@code <namespace>/<name>}. */
    public String key() {
        return namespace + "/" + name;
    }
}
