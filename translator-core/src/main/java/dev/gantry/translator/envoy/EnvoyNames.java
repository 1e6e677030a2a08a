package dev.gantry.translator.envoy;

import dev.gantry.translator.model.ir.RouteRef;

/** How Gantry names the Envoy resources it generates; xds-service and the tests rely on these names. */
public final class EnvoyNames {

    private EnvoyNames() {
    }

    public static String listener(int port) {
        return "listener~" + port;
    }

    public static String routeConfiguration(int port) {
        return "route~" + port;
    }

    /** The table of one HTTPS listener: each SNI filter chain has its own, so that misdirected requests are told apart. */
    public static String routeConfiguration(int port, String listener) {
        return "route~" + port + "~" + listener;
    }

    /** The catch-all route of a virtual host that answers {@code status} for hosts a listener does not serve. */
    public static String misdirectedRoute(int status) {
        return "gantry~" + status;
    }

    /** A cluster and its ClusterLoadAssignment share this name (the same as {@code BackendService.clusterName()}). */
    public static String cluster(String namespace, String service, int port) {
        return "kube_" + namespace + "_" + service + "_" + port;
    }

    public static String virtualHost(int port, String domain) {
        return port + "~" + domain;
    }

    public static String route(String routeNamespace, String routeName, int rule, int match) {
        return routeNamespace + "/" + routeName + "/rule" + rule + "/match" + match;
    }

    /** HTTPRoutes keep the plain form; other kinds are prefixed so that equal names never collide. */
    public static String route(RouteRef route, int rule, int match) {
        String name = route(route.namespace(), route.name(), rule, match);
        return "HTTPRoute".equals(route.kind()) ? name : route.kind() + ":" + name;
    }

    /** The filter chain of one Gateway listener (HTTPS), or of one route on it (TLS, TCP). */
    public static String filterChain(String listener, String suffix) {
        return suffix == null ? listener : listener + "~" + suffix;
    }
}
