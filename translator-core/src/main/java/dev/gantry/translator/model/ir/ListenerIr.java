package dev.gantry.translator.model.ir;

import dev.gantry.translator.model.ir.policy.AttachedPolicies;
import java.util.List;

/**
 * One programmable listener of a Gateway.
 *
 * @param hostname lower-cased, or {@code null} when the listener accepts any host
 * @param terminatesTls HTTPS, or TLS in mode Terminate (TLS in mode Passthrough routes on SNI only)
 * @param certificateNames SDS names of the certificates a listener that terminates TLS serves (empty otherwise)
 * @param clientValidation how client certificates are validated on a listener that terminates TLS, or {@code null}
 * @param httpRoutes HTTPRoutes and GRPCRoutes attached to an HTTP or HTTPS listener, by kind, namespace and name
 * @param streamRoutes TLSRoutes attached to a TLS listener (proxied after termination in mode Terminate), or
 *                     TCPRoutes attached to a TCP listener, in the order they claim traffic (oldest first)
 * @param policies the resolved policies of features that act on a listener (none built in yet), each read by its
 *                 feature's listener and HTTP filter hooks
 */
public record ListenerIr(String name, int port, ListenerProtocol protocol, String hostname,
        boolean terminatesTls, List<String> certificateNames, ClientValidationIr clientValidation,
        List<HttpRouteIr> httpRoutes, List<StreamRouteIr> streamRoutes, AttachedPolicies policies) {

    public ListenerIr {
        certificateNames = List.copyOf(certificateNames);
        httpRoutes = List.copyOf(httpRoutes);
        streamRoutes = List.copyOf(streamRoutes);
    }

    /** A listener no policy is attached to. */
    public ListenerIr(String name, int port, ListenerProtocol protocol, String hostname,
            boolean terminatesTls, List<String> certificateNames, ClientValidationIr clientValidation,
            List<HttpRouteIr> httpRoutes, List<StreamRouteIr> streamRoutes) {
        this(name, port, protocol, hostname, terminatesTls, certificateNames, clientValidation, httpRoutes, streamRoutes,
                AttachedPolicies.NONE);
    }
}
