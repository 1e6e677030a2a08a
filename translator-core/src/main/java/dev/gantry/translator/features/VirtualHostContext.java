package dev.gantry.translator.features;

import dev.gantry.translator.model.ir.HttpRouteIr;
import java.util.List;

/**
 * What {@link Feature#applyToVirtualHost} may read: the virtual host's domain on its port and the routes that
 * serve it (their rules carry their policies).
 */
public record VirtualHostContext(int port, String domain, boolean tls, List<HttpRouteIr> routes) {

    public VirtualHostContext {
        routes = List.copyOf(routes);
    }
}
