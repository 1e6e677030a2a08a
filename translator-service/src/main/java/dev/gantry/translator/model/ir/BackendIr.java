package dev.gantry.translator.model.ir;

import java.util.List;

/**
 * A backend some route of the Gateway forwards to, with its ready endpoints.
 *
 * @param http2 whether Envoy must speak HTTP/2 to it (a GRPCRoute forwards to it, or its appProtocol says h2c)
 * @param tcp whether only TLS/TCP routes use it (no HTTP protocol options apply)
 * @param endpoints sorted by address then port
 */
public record BackendIr(BackendService service, boolean http2, boolean tcp, List<Endpoint> endpoints) {

    public BackendIr {
        endpoints = List.copyOf(endpoints);
    }

    public record Endpoint(String address, int port) {
    }
}
