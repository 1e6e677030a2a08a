package dev.gantry.translator.model.ir;

import dev.gantry.translator.model.ir.policy.AttachedPolicies;
import java.util.List;

/**
 * A backend some route of the Gateway forwards to, with its ready endpoints.
 *
 * @param http2 whether Envoy must speak HTTP/2 to it (a GRPCRoute forwards to it, or its appProtocol says h2c)
 * @param tcp whether only TLS/TCP routes use it (no HTTP protocol options apply)
 * @param passthrough whether only TLSRoutes on listeners in mode Passthrough use it: the client's TLS session
 *                    reaches the backend as is, so Envoy originates no TLS of its own (no BackendTLSPolicy applies)
 * @param endpoints sorted by address then port
 * @param tls how to speak TLS to it (a BackendTLSPolicy targets it), or {@code null} for plaintext
 * @param blackholed whether a BackendTLSPolicy demands TLS that cannot be configured (an invalid CA reference):
 *                   Envoy gets a cluster that can never connect, so requests fail with a 5xx instead of
 *                   leaving in plaintext (Gateway API: "Connections using an invalid CACertificateRef MUST fail")
 * @param policies the resolved policies of features that act on a backend's cluster (none built in yet), each
 *                 read by its feature's cluster hook
 */
public record BackendIr(BackendService service, boolean http2, boolean tcp, boolean passthrough, List<Endpoint> endpoints,
        UpstreamTlsIr tls, boolean blackholed, AttachedPolicies policies) {

    public BackendIr {
        endpoints = List.copyOf(endpoints);
        if (blackholed && (tls != null || !endpoints.isEmpty())) {
            throw new IllegalArgumentException("a blackholed backend has neither TLS nor endpoints");
        }
    }

    /** A backend no policy is attached to. */
    public BackendIr(BackendService service, boolean http2, boolean tcp, boolean passthrough, List<Endpoint> endpoints,
            UpstreamTlsIr tls) {
        this(service, http2, tcp, passthrough, endpoints, tls, false, AttachedPolicies.NONE);
    }

    public BackendIr(BackendService service, boolean http2, boolean tcp, boolean passthrough, List<Endpoint> endpoints) {
        this(service, http2, tcp, passthrough, endpoints, null);
    }

    public BackendIr withTls(UpstreamTlsIr upstreamTls) {
        return new BackendIr(service, http2, tcp, passthrough, endpoints, upstreamTls, false, policies);
    }

    /**
     * The same backend as a cluster that can never connect: no endpoints, and none to come from EDS either, so
     * no later endpoint update can turn it into a plaintext connection to a backend that demands TLS.
     */
    public BackendIr asBlackhole() {
        return new BackendIr(service, http2, tcp, passthrough, List.of(), null, true, policies);
    }

    public record Endpoint(String address, int port) {
    }
}
