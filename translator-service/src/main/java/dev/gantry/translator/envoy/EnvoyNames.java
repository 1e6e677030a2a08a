package dev.gantry.translator.envoy;

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

    /** A cluster and its ClusterLoadAssignment share this name. */
    public static String cluster(String namespace, String service, int port) {
        return "kube_" + namespace + "_" + service + "_" + port;
    }

    public static String virtualHost(int port, String domain) {
        return port + "~" + domain;
    }

    public static String route(String routeNamespace, String routeName, int rule, int match) {
        return routeNamespace + "/" + routeName + "/rule" + rule + "/match" + match;
    }
}
