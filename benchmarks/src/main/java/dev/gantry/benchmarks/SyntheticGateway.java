package dev.gantry.benchmarks;

import com.google.protobuf.Timestamp;
import dev.gantry.proto.ResourceEvent;
import dev.gantry.proto.ResourceKey;
import dev.gantry.translator.model.ResourceIndex;

/**
 * One Gateway with {@code routes} HTTPRoutes, each with its own hostname, a path-prefix match and a
 * header match, spread over one Service (with a 3-endpoint EndpointSlice) per 10 routes: the shape of
 * kgateway's and gateway-api-bench's route-scale tests.
 */
final class SyntheticGateway {

    static final String GATEWAY = "bench/gw";
    private static final String GROUP = "gateway.networking.k8s.io/v1";

    private SyntheticGateway() {
    }

    static ResourceIndex index(int routes) {
        ResourceIndex index = new ResourceIndex();
        apply(index, GROUP, "GatewayClass", "", "gantry", """
                {"apiVersion":"gateway.networking.k8s.io/v1","kind":"GatewayClass","metadata":{"name":"gantry"},
                 "spec":{"controllerName":"gantry.dev/gateway-controller"}}""");
        apply(index, GROUP, "Gateway", "bench", "gw", """
                {"apiVersion":"gateway.networking.k8s.io/v1","kind":"Gateway","metadata":{"name":"gw","namespace":"bench"},
                 "spec":{"gatewayClassName":"gantry","listeners":[{"name":"http","protocol":"HTTP","port":80,
                 "allowedRoutes":{"namespaces":{"from":"Same"}}}]}}""");
        for (int s = 0; s < Math.max(1, routes / 10); s++) {
            apply(index, "v1", "Service", "bench", "svc-" + s, """
                    {"apiVersion":"v1","kind":"Service","metadata":{"name":"svc-%1$d","namespace":"bench"},
                     "spec":{"ports":[{"name":"http","port":8080,"targetPort":8080}]}}""".formatted(s));
            apply(index, "discovery.k8s.io/v1", "EndpointSlice", "bench", "svc-" + s + "-x", """
                    {"apiVersion":"discovery.k8s.io/v1","kind":"EndpointSlice",
                     "metadata":{"name":"svc-%1$d-x","namespace":"bench","labels":{"kubernetes.io/service-name":"svc-%1$d"}},
                     "addressType":"IPv4","ports":[{"name":"http","port":8080}],
                     "endpoints":[{"addresses":["10.0.%2$d.1"]},{"addresses":["10.0.%2$d.2"]},{"addresses":["10.0.%2$d.3"]}]}"""
                    .formatted(s, s % 250));
        }
        for (int r = 0; r < routes; r++) {
            applyRoute(index, r, "v1");
        }
        return index;
    }

    /** Applies route {@code r} again with a different header value: one changed route. */
    static void applyRoute(ResourceIndex index, int r, String headerValue) {
        apply(index, GROUP, "HTTPRoute", "bench", "route-" + r, """
                {"apiVersion":"gateway.networking.k8s.io/v1","kind":"HTTPRoute",
                 "metadata":{"name":"route-%1$d","namespace":"bench","creationTimestamp":"2026-01-01T00:00:00Z"},
                 "spec":{"parentRefs":[{"name":"gw"}],"hostnames":["host-%1$d.example.com"],
                  "rules":[{"matches":[{"path":{"type":"PathPrefix","value":"/api/%1$d"},
                                        "headers":[{"name":"x-version","value":"%3$s"}]}],
                            "backendRefs":[{"name":"svc-%2$d","port":8080}]}]}}"""
                .formatted(r, r / 10, headerValue));
    }

    private static void apply(ResourceIndex index, String apiVersion, String kind, String namespace, String name,
            String json) {
        index.apply(ResourceKey.of(apiVersion, kind, namespace, name), ResourceEvent.newBuilder()
                .setApiVersion(apiVersion).setKind(kind).setNamespace(namespace).setName(name).setJson(json)
                .setGeneration(1).setObservedAt(Timestamp.newBuilder().setSeconds(1)).build());
    }
}
