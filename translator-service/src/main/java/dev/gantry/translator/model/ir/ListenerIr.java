package dev.gantry.translator.model.ir;

import java.util.List;

/**
 * One programmable listener of a Gateway.
 *
 * @param hostname lower-cased, or {@code null} when the listener accepts any host
 * @param certificateNames SDS names of the certificates an HTTPS listener terminates TLS with (empty otherwise)
 * @param httpRoutes HTTPRoutes and GRPCRoutes attached to an HTTP or HTTPS listener, by kind, namespace and name
 * @param streamRoutes TLSRoutes attached to a TLS listener, or TCPRoutes attached to a TCP listener, in the
 *                     order they claim traffic (oldest first)
 */
public record ListenerIr(String name, int port, ListenerProtocol protocol, String hostname,
        List<String> certificateNames, List<HttpRouteIr> httpRoutes, List<StreamRouteIr> streamRoutes) {

    public ListenerIr {
        certificateNames = List.copyOf(certificateNames);
        httpRoutes = List.copyOf(httpRoutes);
        streamRoutes = List.copyOf(streamRoutes);
    }
}
