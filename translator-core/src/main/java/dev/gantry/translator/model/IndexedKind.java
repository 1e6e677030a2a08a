package dev.gantry.translator.model;

import dev.gantry.proto.ResourceKey;
import dev.gantry.model.auth.AuthConfig;
import dev.gantry.model.options.HttpListenerOption;
import dev.gantry.model.options.ListenerOption;
import dev.gantry.model.options.RouteOption;
import dev.gantry.model.options.VirtualHostOption;
import dev.gantry.model.parameters.GatewayParameters;
import dev.gantry.model.ratelimit.RateLimitConfig;
import dev.gantry.model.upstream.Upstream;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.BackendTLSPolicy;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GRPCRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewayClass;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1alpha2.TCPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1alpha2.TLSRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1beta1.ReferenceGrant;
import java.util.Optional;
import java.util.Set;

/** The kinds the index keeps, each with the fabric8 class its JSON is read into. */
enum IndexedKind {
    GATEWAY_CLASS(KubernetesGroups.GATEWAY_API, "GatewayClass", GatewayClass.class, true),
    GATEWAY(KubernetesGroups.GATEWAY_API, "Gateway", Gateway.class, false),
    /**
     * fabric8 7.5.2 has no ListenerSet class: read generically, its listeners are read as fabric8 Listeners (a
     * ListenerEntry has the same fields), see {@code model.ir.ListenerSets}. Not a route: it bumps the epoch.
     */
    LISTENER_SET(KubernetesGroups.GATEWAY_API, "ListenerSet", GenericKubernetesResource.class, false),
    HTTP_ROUTE(KubernetesGroups.GATEWAY_API, "HTTPRoute", HTTPRoute.class, false),
    GRPC_ROUTE(KubernetesGroups.GATEWAY_API, "GRPCRoute", GRPCRoute.class, false),
    // v1alpha2 is the only version of these two that fabric8 7.5.2 models.
    TLS_ROUTE(KubernetesGroups.GATEWAY_API, "TLSRoute", TLSRoute.class, false),
    TCP_ROUTE(KubernetesGroups.GATEWAY_API, "TCPRoute", TCPRoute.class, false),
    // The v1beta1 class: the fields are identical in every served version of ReferenceGrant.
    REFERENCE_GRANT(KubernetesGroups.GATEWAY_API, "ReferenceGrant", ReferenceGrant.class, false),
    SERVICE(KubernetesGroups.CORE, "Service", Service.class, false),
    ENDPOINT_SLICE(KubernetesGroups.DISCOVERY, "EndpointSlice", EndpointSlice.class, false),
    /** For allowedRoutes namespace selectors: only the labels matter. */
    NAMESPACE(KubernetesGroups.CORE, "Namespace", Namespace.class, true),
    /** For TLS certificateRefs. */
    SECRET(KubernetesGroups.CORE, "Secret", Secret.class, false),
    /** The conformance manifests and the watcher use v1; its fields are those of v1alpha3. */
    BACKEND_TLS_POLICY(KubernetesGroups.GATEWAY_API, "BackendTLSPolicy", BackendTLSPolicy.class, false),
    /** For CA certificates (BackendTLSPolicy and frontend caCertificateRefs, key {@code ca.crt}). */
    CONFIG_MAP(KubernetesGroups.CORE, "ConfigMap", ConfigMap.class, false),
    /** For HTTPRoute ExtensionRef filters. */
    ROUTE_OPTION(KubernetesGroups.GANTRY, "RouteOption", RouteOption.class, false),
    /** Virtual-host policies, attached to a Gateway (or one listener) by targetRefs. */
    VIRTUAL_HOST_OPTION(KubernetesGroups.GANTRY, "VirtualHostOption", VirtualHostOption.class, false),
    /** Referenced from RouteOption and VirtualHostOption {@code rateLimitConfigs} / {@code rateLimitEarlyConfigs}. */
    RATE_LIMIT_CONFIG(KubernetesGroups.GANTRY, "RateLimitConfig", RateLimitConfig.class, false),
    /** Referenced from RouteOption and VirtualHostOption {@code extauth.configRef}. */
    AUTH_CONFIG(KubernetesGroups.GANTRY, "AuthConfig", AuthConfig.class, false),
    /** HTTP connection manager policies, attached to a Gateway (or one listener) by targetRefs. */
    HTTP_LISTENER_OPTION(KubernetesGroups.GANTRY, "HttpListenerOption", HttpListenerOption.class, false),
    /** Socket policies, attached to a Gateway (or one listener) by targetRefs. */
    LISTENER_OPTION(KubernetesGroups.GANTRY, "ListenerOption", ListenerOption.class, false),
    /** A backend with its connection settings, named by a route's backendRef (kind Upstream). */
    UPSTREAM(KubernetesGroups.GANTRY, "Upstream", Upstream.class, false),
    /** For a Gateway's infrastructure.parametersRef. */
    GATEWAY_PARAMETERS(KubernetesGroups.GANTRY, "GatewayParameters", GatewayParameters.class, false),
    /**
     * Only the Gateway API's own CRDs matter, and of them only the bundle-version annotation (GatewayClass
     * SupportedVersion); read generically so no schema is modelled.
     */
    CUSTOM_RESOURCE_DEFINITION(KubernetesGroups.API_EXTENSIONS, "CustomResourceDefinition",
            GenericKubernetesResource.class, true);

    /**
     * Kinds the platform carries on {@code gantry.resources} that this translator does not use yet.
     * They are expected, so they are skipped quietly instead of warned about.
     */
    private static final Set<String> EXPECTED_BUT_UNUSED = Set.of();

    final String group;
    final String kind;
    final Class<? extends HasMetadata> type;
    final boolean clusterScoped;

    IndexedKind(String group, String kind, Class<? extends HasMetadata> type, boolean clusterScoped) {
        this.group = group;
        this.kind = kind;
        this.type = type;
        this.clusterScoped = clusterScoped;
    }

    boolean isRoute() {
        return this == HTTP_ROUTE || this == GRPC_ROUTE || this == TLS_ROUTE || this == TCP_ROUTE;
    }

    static Optional<IndexedKind> of(ResourceKey key) {
        for (IndexedKind candidate : values()) {
            if (candidate.kind.equals(key.kind()) && candidate.group.equals(key.group())) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    static boolean expectedButUnused(ResourceKey key) {
        return EXPECTED_BUT_UNUSED.contains(key.group() + "/" + key.kind())
                || KubernetesGroups.GANTRY.equals(key.group());
    }
}
