package dev.gantry.translator.model.ir;

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
 */
public record BackendIr(BackendService service, boolean http2, boolean tcp, boolean passthrough, List<Endpoint> endpoints,
        UpstreamTlsIr tls) {

    public BackendIr {
        endpoints = List.copyOf(endpoints);
    }

    public BackendIr(BackendService service, boolean http2, boolean tcp, boolean passthrough, List<Endpoint> endpoints) {
        this(service, http2, tcp, passthrough, endpoints, null);
    }

    public BackendIr withTls(UpstreamTlsIr upstreamTls) {
        return new BackendIr(service, http2, tcp, passthrough, endpoints, upstreamTls);
    }

    /** The same backend with no endpoint: connections are never made (a policy demands TLS it cannot configure). */
    public BackendIr unreachable() {
        return new BackendIr(service, http2, tcp, passthrough, List.of(), null);
    }

    public record Endpoint(String address, int port) {
    }
}
