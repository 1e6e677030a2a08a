package dev.gantry.translator.envoy;

import io.fabric8.kubernetes.api.model.gatewayapi.v1.AllowedRoutes;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Listener;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One HTTP listener of a Gateway, as far as routing cares.
 *
 * @param hostname lower-cased, or {@code null} when the listener accepts any host
 * @param allowedRoutes may be {@code null} (defaults apply)
 */
record GatewayListener(String name, int port, String hostname, AllowedRoutes allowedRoutes) {

    private static final Logger log = LoggerFactory.getLogger(GatewayListener.class);
    static final String HTTP = "HTTP";

    /** The Gateway's listeners that this translator serves (protocol HTTP, a valid port), in spec order. */
    static List<GatewayListener> httpListenersOf(Gateway gateway) {
        List<GatewayListener> result = new ArrayList<>();
        if (gateway.getSpec() == null || gateway.getSpec().getListeners() == null) {
            return result;
        }
        for (Listener listener : gateway.getSpec().getListeners()) {
            if (listener == null || !HTTP.equals(listener.getProtocol())) {
                continue;
            }
            Integer port = listener.getPort();
            if (port == null || port < 1 || port > 65535) {
                log.debug("Gateway {} listener {}: port {} is not valid, skipped",
                        gateway.getMetadata().getName(), listener.getName(), port);
                continue;
            }
            String hostname = listener.getHostname() == null || listener.getHostname().isBlank()
                    ? null : listener.getHostname().trim().toLowerCase(Locale.ROOT);
            result.add(new GatewayListener(listener.getName(), port, hostname, listener.getAllowedRoutes()));
        }
        return result;
    }
}
