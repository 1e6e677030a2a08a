package dev.gantry.benchmarks;

import com.google.protobuf.Timestamp;
import dev.gantry.proto.ResourceEvent;
import dev.gantry.proto.ResourceKey;
import dev.gantry.proto.secrets.SecretCipher;
import dev.gantry.proto.secrets.SecretKeys;
import dev.gantry.proto.secrets.TlsKeyPairs;
import dev.gantry.translator.model.ResourceIndex;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

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

    /** A self-signed EC certificate and its key (PEM, base64 as a Secret holds them), for the HTTPS listener. */
    private static final String CERTIFICATE = "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUJrVENDQVRlZ0F3SUJBZ0lVRE1iY0xwRzdCK0F1NExRK21sZXZqQ1RZNEJrd0NnWUlLb1pJemowRUF3SXcKSFRFYk1Ca0dBMVVFQXd3U2MyVmpkWEpsTG1WNFlXMXdiR1V1WTI5dE1DQVhEVEkyTVRFeU5qQTFORGMwTmxvWQpEekl4TWpZeE1UQXlNRFUwTnpRMldqQWRNUnN3R1FZRFZRUUREQkp6WldOMWNtVXVaWGhoYlhCc1pTNWpiMjB3CldUQVRCZ2NxaGtqT1BRSUJCZ2dxaGtqT1BRTUJCd05DQUFTMGFNZU12T1FGSTBwNkY0UDFNL3pLSUM4akJDcU4KYVZRUVRLdkhPN05YOTA0VFFSQXUrNFRmcFBIM3ZQMXdldDEzUWdxbGNvaXZzYlNGc21SKys2OTFvMU13VVRBZApCZ05WSFE0RUZnUVVOOHUxRTE3bVRrdkowYVYwblgxK3hXa2RFc2N3SHdZRFZSMGpCQmd3Rm9BVU44dTFFMTdtClRrdkowYVYwblgxK3hXa2RFc2N3RHdZRFZSMFRBUUgvQkFVd0F3RUIvekFLQmdncWhrak9QUVFEQWdOSUFEQkYKQWlBZ2FMN0tuS0pWRzJ2c3YvN09RZFhQQWdQYkJ0SzliZzFZcTFEN0hpaE5RZ0loQUs3cXg5a1lBNUFLZGlBNgpSRnZpSHVxSkhIOVpGRlg5U1dSd1BndlZDcytzCi0tLS0tRU5EIENFUlRJRklDQVRFLS0tLS0K";
    private static final String KEY = "LS0tLS1CRUdJTiBQUklWQVRFIEtFWS0tLS0tCk1JR0hBZ0VBTUJNR0J5cUdTTTQ5QWdFR0NDcUdTTTQ5QXdFSEJHMHdhd0lCQVFRZ3lSTnYzdC9DRHlxZEY0cjUKTFFuREdFR3RXNXNsTVN4eDhmY29raER6bUdPaFJBTkNBQVMwYU1lTXZPUUZJMHA2RjRQMU0vektJQzhqQkNxTgphVlFRVEt2SE83Tlg5MDRUUVJBdSs0VGZwUEgzdlAxd2V0MTNRZ3FsY29pdnNiU0ZzbVIrKzY5MQotLS0tLUVORCBQUklWQVRFIEtFWS0tLS0tCg==";

    static ResourceIndex index(int routes) {
        ResourceIndex index = new ResourceIndex();
        apply(index, GROUP, "GatewayClass", "", "gantry", """
                {"apiVersion":"gateway.networking.k8s.io/v1","kind":"GatewayClass","metadata":{"name":"gantry"},
                 "spec":{"controllerName":"gantry.dev/gateway-controller"}}""");
        applyGateway(index, false);
        applySecret(index, "tls", "");
        applyReferenceGrant(index, "v1");
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

    /**
     * The Gateway: the routes' HTTP listener, an HTTPS listener for a hostname no route serves, and with
     * {@code extra} a third listener (one listener changed, which every route must be attached again for).
     */
    static void applyGateway(ResourceIndex index, boolean extra) {
        apply(index, GROUP, "Gateway", "bench", "gw", """
                {"apiVersion":"gateway.networking.k8s.io/v1","kind":"Gateway","metadata":{"name":"gw","namespace":"bench"},
                 "spec":{"gatewayClassName":"gantry","listeners":[{"name":"http","protocol":"HTTP","port":80,
                 "allowedRoutes":{"namespaces":{"from":"Same"}}},
                 {"name":"https","protocol":"HTTPS","port":443,"hostname":"secure.bench.example",
                  "tls":{"certificateRefs":[{"name":"tls"}]}}%s]}}"""
                .formatted(extra ? ",{\"name\":\"extra\",\"protocol\":\"HTTP\",\"port\":8080,"
                        + "\"hostname\":\"extra.bench.example\"}" : ""));
    }

    /**
     * The HTTPS listener's certificate Secret as the watcher publishes it (key sealed, with its verdict that the
     * key pairs with the certificate), {@code label} making each version a change (a rotation).
     */
    static void applySecret(ResourceIndex index, String name, String label) {
        // sealed and judged once per name: the watcher does that work, not the translator being measured
        String[] sealedAndVerdict = SEALED.computeIfAbsent(name, SyntheticGateway::sealAndJudge);
        String sealed = sealedAndVerdict[0];
        String verdict = sealedAndVerdict[1];
        apply(index, "v1", "Secret", "bench", name, """
                {"apiVersion":"v1","kind":"Secret","metadata":{"name":"%s","namespace":"bench","labels":{"v":"%s"},
                 "annotations":{"%s":"%s"}},"type":"kubernetes.io/tls","data":{"tls.crt":"%s","tls.key":"%s"}}"""
                .formatted(name, label, TlsKeyPairs.ANNOTATION, verdict, CERTIFICATE, sealed));
    }

    private static final Map<String, String[]> SEALED = new java.util.concurrent.ConcurrentHashMap<>();

    private static String[] sealAndJudge(String name) {
        String certificate = new String(Base64.getDecoder().decode(CERTIFICATE), StandardCharsets.UTF_8);
        byte[] key = Base64.getDecoder().decode(KEY);
        return new String[] {CIPHER.encrypt(SecretCipher.aad("/Secret/bench/" + name, "tls.key"), key),
                TlsKeyPairs.verdict(certificate, new String(key, StandardCharsets.UTF_8))};
    }

    /** A sealing key for the benchmark only (the translator never opens sealed values). */
    private static final SecretCipher CIPHER = new SecretCipher(
            SecretKeys.of("bench", Map.of("bench", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")));

    /** Service {@code s} again with a label changed: one changed Service, used by ten routes. */
    static void applyService(ResourceIndex index, int s, String label) {
        apply(index, "v1", "Service", "bench", "svc-" + s, """
                {"apiVersion":"v1","kind":"Service","metadata":{"name":"svc-%1$d","namespace":"bench","labels":{"v":"%2$s"}},
                 "spec":{"ports":[{"name":"http","port":8080,"targetPort":8080}]}}""".formatted(s, label));
    }

    /** The EndpointSlice of Service {@code s} with its last endpoint moved: one changed EndpointSlice. */
    static void applySlice(ResourceIndex index, int s, int last) {
        apply(index, "discovery.k8s.io/v1", "EndpointSlice", "bench", "svc-" + s + "-x", """
                {"apiVersion":"discovery.k8s.io/v1","kind":"EndpointSlice",
                 "metadata":{"name":"svc-%1$d-x","namespace":"bench","labels":{"kubernetes.io/service-name":"svc-%1$d"}},
                 "addressType":"IPv4","ports":[{"name":"http","port":8080}],
                 "endpoints":[{"addresses":["10.0.%2$d.1"]},{"addresses":["10.0.%2$d.2"]},{"addresses":["10.1.%2$d.%3$d"]}]}"""
                .formatted(s, s % 250, 1 + last % 250));
    }

    /** A ReferenceGrant in the routes' namespace that no route needs (they all refer within it). */
    static void applyReferenceGrant(ResourceIndex index, String label) {
        apply(index, "gateway.networking.k8s.io/v1beta1", "ReferenceGrant", "bench", "grant", """
                {"apiVersion":"gateway.networking.k8s.io/v1beta1","kind":"ReferenceGrant",
                 "metadata":{"name":"grant","namespace":"bench","labels":{"v":"%s"}},
                 "spec":{"from":[{"group":"gateway.networking.k8s.io","kind":"HTTPRoute","namespace":"elsewhere"}],
                         "to":[{"group":"","kind":"Service"}]}}""".formatted(label));
    }

    /** A Secret in a namespace nothing of the Gateway's reads: an unrelated change. */
    static void applyUnrelated(ResourceIndex index, String label) {
        apply(index, "v1", "Secret", "elsewhere", "unrelated", """
                {"apiVersion":"v1","kind":"Secret","metadata":{"name":"unrelated","namespace":"elsewhere",
                 "labels":{"v":"%s"}},"type":"Opaque","data":{"k":"dg=="}}""".formatted(label));
    }

    /** A RouteOption on route 0 (by targetRefs) with {@code timeout}: one policy changed (issue 8). */
    static void applyRouteOption(ResourceIndex index, String timeout) {
        apply(index, "gateway.gantry.dev/v1alpha1", "RouteOption", "bench", "route-0-policy", """
                {"apiVersion":"gateway.gantry.dev/v1alpha1","kind":"RouteOption",
                 "metadata":{"name":"route-0-policy","namespace":"bench","creationTimestamp":"2026-01-01T00:00:00Z"},
                 "spec":{"targetRefs":[{"group":"gateway.networking.k8s.io","kind":"HTTPRoute","name":"route-0"}],
                  "options":{"timeout":"%s"}}}""".formatted(timeout));
    }

    private static void apply(ResourceIndex index, String apiVersion, String kind, String namespace, String name,
            String json) {
        index.apply(ResourceKey.of(apiVersion, kind, namespace, name), ResourceEvent.newBuilder()
                .setApiVersion(apiVersion).setKind(kind).setNamespace(namespace).setName(name).setJson(json)
                .setGeneration(1).setObservedAt(Timestamp.newBuilder().setSeconds(1)).build());
    }
}
