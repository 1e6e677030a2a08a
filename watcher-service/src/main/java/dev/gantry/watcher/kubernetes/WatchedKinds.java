package dev.gantry.watcher.kubernetes;

import java.util.List;
import java.util.Optional;

/** The kinds Gantry reads from Kubernetes (DESIGN.md §3), at the versions it reads them. */
public final class WatchedKinds {

    public static final String SOURCE_PREFIX = "kubernetes:";

    static final String GATEWAY_API = "gateway.networking.k8s.io";
    static final String GANTRY = "gateway.gantry.dev";

    public static final WatchedKind GATEWAY_CLASS = new WatchedKind(GATEWAY_API, "v1", "GatewayClass", "gatewayclasses", false);
    /** AuthConfigs: the Secrets they name are watched too. */
    public static final WatchedKind AUTH_CONFIG = gantry("AuthConfig", "authconfigs");
    /** Upstreams: the Secrets and ConfigMaps of their TLS ({@code sslConfig}) are watched too. */
    public static final WatchedKind UPSTREAM = gantry("Upstream", "upstreams");
    public static final WatchedKind GATEWAY = new WatchedKind(GATEWAY_API, "v1", "Gateway", "gateways", true);
    /** Listeners kept outside a Gateway (Gateway API v1.5+); their certificateRefs are published like a Gateway's. */
    public static final WatchedKind LISTENER_SET =
            new WatchedKind(GATEWAY_API, "v1", "ListenerSet", "listenersets", true);
    public static final WatchedKind SECRET = new WatchedKind("", "v1", "Secret", "secrets", true);
    /** Watched selectively, like Secrets: only those a Gateway, a BackendTLSPolicy or an Upstream names as CA certificates. */
    public static final WatchedKind CONFIG_MAP = new WatchedKind("", "v1", "ConfigMap", "configmaps", true);
    public static final WatchedKind BACKEND_TLS_POLICY =
            new WatchedKind(GATEWAY_API, "v1", "BackendTLSPolicy", "backendtlspolicies", true);
    public static final WatchedKind SERVICE = new WatchedKind("", "v1", "Service", "services", true);
    /** Published as a summary (KubernetesObjects): the translator reads the Gateway API bundle version off them. */
    public static final WatchedKind CUSTOM_RESOURCE_DEFINITION = new WatchedKind("apiextensions.k8s.io", "v1",
            "CustomResourceDefinition", "customresourcedefinitions", false);

    /** Everything watched wholesale; Secrets and ConfigMaps are watched selectively (see {@link KubernetesFeeds}). */
    public static final List<WatchedKind> WHOLESALE = List.of(
            GATEWAY_CLASS,
            GATEWAY,
            LISTENER_SET,
            new WatchedKind(GATEWAY_API, "v1", "HTTPRoute", "httproutes", true),
            new WatchedKind(GATEWAY_API, "v1", "GRPCRoute", "grpcroutes", true),
            new WatchedKind(GATEWAY_API, "v1alpha2", "TLSRoute", "tlsroutes", true),
            new WatchedKind(GATEWAY_API, "v1alpha2", "TCPRoute", "tcproutes", true),
            new WatchedKind(GATEWAY_API, "v1beta1", "ReferenceGrant", "referencegrants", true),
            BACKEND_TLS_POLICY,
            SERVICE,
            new WatchedKind("discovery.k8s.io", "v1", "EndpointSlice", "endpointslices", true),
            new WatchedKind("", "v1", "Namespace", "namespaces", false),
            CUSTOM_RESOURCE_DEFINITION,
            gantry("RouteOption", "routeoptions"),
            gantry("VirtualHostOption", "virtualhostoptions"),
            gantry("HttpListenerOption", "httplisteneroptions"),
            gantry("ListenerOption", "listeneroptions"),
            UPSTREAM,
            gantry("GatewayParameters", "gatewayparameters"),
            gantry("RateLimitConfig", "ratelimitconfigs"),
            AUTH_CONFIG);

    private WatchedKinds() {
    }

    private static WatchedKind gantry(String kind, String plural) {
        return new WatchedKind(GANTRY, "v1alpha1", kind, plural, true);
    }

    /** The watched kind with this group and kind, whatever the version. */
    public static Optional<WatchedKind> find(String group, String kind) {
        for (WatchedKind selective : List.of(SECRET, CONFIG_MAP)) {
            if (selective.group().equals(group) && selective.kind().equals(kind)) {
                return Optional.of(selective);
            }
        }
        return WHOLESALE.stream().filter(k -> k.group().equals(group) && k.kind().equals(kind)).findFirst();
    }
}
