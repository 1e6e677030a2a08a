package dev.gantry.e2e;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The YAML the end-to-end tests put in the watched folder. */
final class Manifests {

    private Manifests() {
    }

    static final String GATEWAY_CLASS = """
            apiVersion: gateway.networking.k8s.io/v1
            kind: GatewayClass
            metadata:
              name: gantry
            spec:
              controllerName: gantry.dev/gateway-controller
            """;

    static String gateway(String name, int port) {
        return """
                apiVersion: gateway.networking.k8s.io/v1
                kind: Gateway
                metadata:
                  name: %s
                  namespace: default
                spec:
                  gatewayClassName: gantry
                  listeners:
                  - name: http
                    protocol: HTTP
                    port: %d
                """.formatted(name, port);
    }

    /** An HTTPRoute on {@code gateway} for {@code hostname}, one rule with the given backend Services (port 80). */
    static String route(String name, String gateway, String hostname, String... services) {
        String backends = Arrays.stream(services)
                .map(s -> "    - name: " + s + "\n      port: 80\n")
                .collect(Collectors.joining());
        return """
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata:
                  name: %s
                  namespace: default
                spec:
                  parentRefs:
                  - name: %s
                  hostnames:
                  - %s
                  rules:
                  - matches:
                    - path:
                        type: PathPrefix
                        value: /
                    backendRefs:
                %s""".formatted(name, gateway, hostname, backends);
    }

    /** A Service on port 80 whose one endpoint is 127.0.0.1:{@code targetPort}. */
    static String service(String name, int targetPort) {
        return """
                apiVersion: v1
                kind: Service
                metadata:
                  name: %1$s
                  namespace: default
                spec:
                  ports:
                  - name: grpc
                    port: 80
                    targetPort: %2$d
                ---
                apiVersion: discovery.k8s.io/v1
                kind: EndpointSlice
                metadata:
                  name: %1$s-abc12
                  namespace: default
                  labels:
                    kubernetes.io/service-name: %1$s
                addressType: IPv4
                ports:
                - name: grpc
                  port: %2$d
                endpoints:
                - addresses:
                  - 127.0.0.1
                  conditions:
                    ready: true
                """.formatted(name, targetPort);
    }
}
