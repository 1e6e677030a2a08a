package dev.gantry.watcher.deployer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The Envoy bootstrap of a Gateway's proxy (JSON, Envoy's v3 Bootstrap). Everything but the way to xds-service comes
 * over ADS; node.cluster names the Gateway (xds-service serves that Gateway's snapshot), node.id is the pod name
 * (set with --service-node from the downward API, since a ConfigMap is shared by all replicas).
 */
public final class EnvoyBootstrap {

    public static final int ADMIN_PORT = 19000;
    /** Readiness (/ready) and Prometheus metrics (/stats/prometheus), served from the admin API through a listener. */
    public static final int HEALTH_PORT = 19001;
    public static final String READY_PATH = "/ready";
    public static final String METRICS_PATH = "/stats/prometheus";

    static final String XDS_CLUSTER = "gantry-xds";
    static final String ADMIN_CLUSTER = "gantry-admin";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private EnvoyBootstrap() {
    }

    public static String json(String namespace, String gateway, XdsAddress xds) {
        ObjectNode bootstrap = JSON.createObjectNode();
        ObjectNode node = bootstrap.putObject("node");
        node.put("cluster", namespace + "/" + gateway);
        ObjectNode metadata = node.putObject("metadata");
        metadata.put("gantry.dev/gateway-namespace", namespace);
        metadata.put("gantry.dev/gateway-name", gateway);

        socketAddress(bootstrap.putObject("admin").putObject("address"), "127.0.0.1", ADMIN_PORT);

        ObjectNode dynamic = bootstrap.putObject("dynamic_resources");
        ObjectNode ads = dynamic.putObject("ads_config");
        ads.put("api_type", "GRPC");
        ads.put("transport_api_version", "V3");
        ads.put("set_node_on_first_message_only", true);
        ads.putArray("grpc_services").addObject().putObject("envoy_grpc").put("cluster_name", XDS_CLUSTER);
        for (String config : new String[] {"lds_config", "cds_config"}) {
            ObjectNode source = dynamic.putObject(config);
            source.putObject("ads");
            source.put("resource_api_version", "V3");
        }

        ObjectNode statics = bootstrap.putObject("static_resources");
        ArrayNode clusters = statics.putArray("clusters");
        xdsCluster(clusters.addObject(), xds);
        staticCluster(clusters.addObject(), ADMIN_CLUSTER, "127.0.0.1", ADMIN_PORT);
        healthListener(statics.putArray("listeners").addObject());

        try {
            return JSON.writeValueAsString(bootstrap);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void xdsCluster(ObjectNode cluster, XdsAddress xds) {
        cluster.put("name", XDS_CLUSTER);
        cluster.put("type", "STRICT_DNS");
        cluster.put("connect_timeout", "1s");
        ObjectNode protocol = cluster.putObject("typed_extension_protocol_options")
                .putObject("envoy.extensions.upstreams.http.v3.HttpProtocolOptions");
        protocol.put("@type", "type.googleapis.com/envoy.extensions.upstreams.http.v3.HttpProtocolOptions");
        // gRPC needs HTTP/2; keepalives notice a dead xds-service replica so Envoy reconnects to another one
        ObjectNode http2 = protocol.putObject("explicit_http_config").putObject("http2_protocol_options");
        ObjectNode keepalive = http2.putObject("connection_keepalive");
        keepalive.put("interval", "30s");
        keepalive.put("timeout", "5s");
        endpoints(cluster, XDS_CLUSTER, xds.host(), xds.port());
    }

    private static void staticCluster(ObjectNode cluster, String name, String address, int port) {
        cluster.put("name", name);
        cluster.put("type", "STATIC");
        cluster.put("connect_timeout", "1s");
        endpoints(cluster, name, address, port);
    }

    private static void endpoints(ObjectNode cluster, String name, String address, int port) {
        ObjectNode assignment = cluster.putObject("load_assignment");
        assignment.put("cluster_name", name);
        ObjectNode endpoint = assignment.putArray("endpoints").addObject().putArray("lb_endpoints").addObject()
                .putObject("endpoint");
        socketAddress(endpoint.putObject("address"), address, port);
    }

    /** A listener that exposes only /ready and /stats/prometheus of the admin API (the admin stays on loopback). */
    private static void healthListener(ObjectNode listener) {
        listener.put("name", "gantry-health");
        socketAddress(listener.putObject("address"), "0.0.0.0", HEALTH_PORT);
        ObjectNode manager = listener.putArray("filter_chains").addObject().putArray("filters").addObject();
        manager.put("name", "envoy.filters.network.http_connection_manager");
        ObjectNode config = manager.putObject("typed_config");
        config.put("@type",
                "type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager");
        config.put("stat_prefix", "gantry_health");
        ObjectNode host = config.putObject("route_config").put("name", "gantry-health")
                .putArray("virtual_hosts").addObject();
        host.put("name", "gantry-health");
        host.putArray("domains").add("*");
        ArrayNode routes = host.putArray("routes");
        for (String path : new String[] {READY_PATH, METRICS_PATH}) {
            ObjectNode route = routes.addObject();
            route.putObject("match").put("path", path);
            route.putObject("route").put("cluster", ADMIN_CLUSTER);
        }
        ObjectNode router = config.putArray("http_filters").addObject();
        router.put("name", "envoy.filters.http.router");
        router.putObject("typed_config").put("@type", "type.googleapis.com/envoy.extensions.filters.http.router.v3.Router");
    }

    private static void socketAddress(ObjectNode address, String host, int port) {
        ObjectNode socket = address.putObject("socket_address");
        socket.put("address", host);
        socket.put("port_value", port);
    }
}
