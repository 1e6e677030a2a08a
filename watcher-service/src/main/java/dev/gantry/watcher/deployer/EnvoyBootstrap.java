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
    /** Where the Deployment mounts the client-certificate Secret (tls.crt, tls.key, ca.crt). */
    public static final String TLS_DIR = "/etc/envoy/xds-tls";
    /** File-based SDS resources, in the bootstrap ConfigMap next to envoy.json. */
    public static final String SDS_CERTIFICATE_FILE = "sds-xds-certificate.json";
    public static final String SDS_VALIDATION_FILE = "sds-xds-validation.json";
    static final String CERTIFICATE_SECRET = "xds-client-certificate";
    static final String VALIDATION_SECRET = "xds-ca";
    static final String ADMIN_CLUSTER = "gantry-admin";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private EnvoyBootstrap() {
    }

    /** A plaintext bootstrap, for xds-service in auth mode none (development). */
    public static String json(String namespace, String gateway, XdsAddress xds) {
        return json(namespace, gateway, xds, false);
    }

    /**
     * @param tls dial xds-service with TLS, presenting the client certificate mounted at {@link #TLS_DIR} and
     *            verifying the server against its ca.crt
     */
    public static String json(String namespace, String gateway, XdsAddress xds, boolean tls) {
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
        ObjectNode xdsCluster = clusters.addObject();
        xdsCluster(xdsCluster, xds);
        if (tls) {
            upstreamTls(xdsCluster, xds.host());
        }
        staticCluster(clusters.addObject(), ADMIN_CLUSTER, "127.0.0.1", ADMIN_PORT);
        healthListener(statics.putArray("listeners").addObject());

        return write(bootstrap);
    }

    /**
     * The client certificate goes through file-based SDS rather than inline file names: Envoy watches
     * {@link #TLS_DIR} (Kubernetes swaps a Secret volume's files by renaming its ..data link) and reloads the
     * certificate when the deployer rotates it, without restarting the ADS stream.
     */
    private static void upstreamTls(ObjectNode cluster, String sni) {
        ObjectNode socket = cluster.putObject("transport_socket");
        socket.put("name", "envoy.transport_sockets.tls");
        ObjectNode context = socket.putObject("typed_config");
        context.put("@type", "type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext");
        context.put("sni", sni);
        ObjectNode common = context.putObject("common_tls_context");
        common.putArray("alpn_protocols").add("h2");
        sdsReference(common.putArray("tls_certificate_sds_secret_configs").addObject(), CERTIFICATE_SECRET,
                SDS_CERTIFICATE_FILE);
        ObjectNode validation = common.putObject("combined_validation_context");
        // the server certificate must name the host the proxy dials, as a browser would check it
        validation.putObject("default_validation_context").putArray("match_typed_subject_alt_names").addObject()
                .put("san_type", "DNS").putObject("matcher").put("exact", sni);
        sdsReference(validation.putObject("validation_context_sds_secret_config"), VALIDATION_SECRET,
                SDS_VALIDATION_FILE);
    }

    private static void sdsReference(ObjectNode config, String name, String file) {
        config.put("name", name);
        ObjectNode source = config.putObject("sds_config");
        source.put("resource_api_version", "V3");
        ObjectNode path = source.putObject("path_config_source");
        path.put("path", ProxyObjectsFactory.BOOTSTRAP_DIR + "/" + file);
        path.putObject("watched_directory").put("path", TLS_DIR);
    }

    /** The SDS resource with the proxy's client certificate and key, read from the mounted Secret. */
    public static String sdsCertificate() {
        ObjectNode secret = sdsSecret(CERTIFICATE_SECRET);
        ObjectNode certificate = secret.putObject("tls_certificate");
        certificate.putObject("certificate_chain").put("filename", TLS_DIR + "/tls.crt");
        certificate.putObject("private_key").put("filename", TLS_DIR + "/tls.key");
        certificate.putObject("watched_directory").put("path", TLS_DIR);
        return write(wrap(secret));
    }

    /** The SDS resource with the CA that signed xds-service's server certificate. */
    public static String sdsValidation() {
        ObjectNode secret = sdsSecret(VALIDATION_SECRET);
        ObjectNode validation = secret.putObject("validation_context");
        validation.putObject("trusted_ca").put("filename", TLS_DIR + "/ca.crt");
        validation.putObject("watched_directory").put("path", TLS_DIR);
        return write(wrap(secret));
    }

    private static ObjectNode sdsSecret(String name) {
        ObjectNode secret = JSON.createObjectNode();
        secret.put("@type", "type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.Secret");
        secret.put("name", name);
        return secret;
    }

    private static ObjectNode wrap(ObjectNode resource) {
        ObjectNode file = JSON.createObjectNode();
        file.putArray("resources").add(resource);
        return file;
    }

    private static String write(ObjectNode node) {
        try {
            return JSON.writeValueAsString(node);
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
