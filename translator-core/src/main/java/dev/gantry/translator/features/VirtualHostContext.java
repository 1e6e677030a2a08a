package dev.gantry.translator.features;

import dev.gantry.translator.model.ir.policy.AttachedPolicies;
import dev.gantry.translator.model.ir.HttpRouteIr;
import java.util.List;

/**
 * What {@link Feature#applyToVirtualHost} may read: the virtual host's domain on its port, the routes that
 * serve it (their rules carry their policies), and the policies attached to the listener serving the domain
 * (the most specific by hostname; VirtualHostOptions).
 */
public record VirtualHostContext(int port, String domain, boolean tls, List<HttpRouteIr> routes,
        AttachedPolicies policies) {

    public VirtualHostContext {
        routes = List.copyOf(routes);
    }

    /** A virtual host of a listener no policy is attached to. */
    public VirtualHostContext(int port, String domain, boolean tls, List<HttpRouteIr> routes) {
        this(port, domain, tls, routes, AttachedPolicies.NONE);
    }
}
