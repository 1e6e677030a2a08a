package dev.gantry.translator.envoy;

import dev.gantry.proto.ResourceKey;
import dev.gantry.translator.model.ResourceIndex;
import dev.gantry.translator.model.TestResources;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Random changes to a small cluster that touches every kind the translator reads: HTTP, GRPC, TLS and TCP
 * routes, two Gateways with listeners coming and going (HTTP, HTTPS, TLS passthrough and terminate, TCP, a
 * namespace selector), a ListenerSet, Services, EndpointSlices, a ReferenceGrant, a BackendTLSPolicy with its CA
 * ConfigMap, the listeners' certificate Secret, Namespaces, RouteOptions, a VirtualHostOption (some naming
 * RateLimitConfigs and AuthConfigs, which change too, as does the Secret an AuthConfig names), HttpListenerOptions
 * and ListenerOptions, Upstreams (static or a Service, valid or not, here and in another namespace behind a
 * ReferenceGrant that comes and goes; some with TLS from a client certificate Secret and a CA ConfigMap or Secret,
 * which change, break and go). Several objects share hostnames,
 * backends and listeners, so one change often moves what another object resolves to.
 */
final class RandomWorld {

    static final String GATEWAY = "apps/gw";
    static final String SECOND_GATEWAY = "apps/gw2";
    private static final String GATEWAY_API = "gateway.networking.k8s.io/v1";
    private static final String PEM = new String(Base64.getDecoder().decode(TranslationFixtures.CERTIFICATE),
            StandardCharsets.UTF_8);

    private final Random random;

    RandomWorld(Random random) {
        this.random = random;
    }

    /** A starting cluster: the class, both Gateways, Services with endpoints, and a dozen routes of each family. */
    ResourceIndex initial() {
        ResourceIndex index = TestResources.index(TranslationFixtures.CLASS, namespace("apps", true),
                namespace("other", true), gateway(0b1111), secondGateway(), TranslationFixtures.tlsSecret("apps", "cert"),
                referenceGrant(), caConfigMap(), routeOption("1s"));
        for (int s = 0; s < 3; s++) {
            apply(index, service("apps", "svc-" + s, false));
            apply(index, slice("apps", "svc-" + s, 1 + random.nextInt(3)));
        }
        apply(index, service("other", "remote", false));
        apply(index, upstreamClientSecret("apps", true));
        apply(index, upstream("apps", 0));
        apply(index, upstream("apps", 1));
        for (int r = 0; r < 12; r++) {
            apply(index, httpRoute(r));
        }
        for (int r = 0; r < 4; r++) {
            apply(index, grpcRoute(r));
            apply(index, tlsRoute(r));
        }
        apply(index, tcpRoute(0));
        return index;
    }

    /** Applies one random change. */
    void change(ResourceIndex index) {
        int choice = random.nextInt(38);
        switch (choice) {
            case 0, 1, 18, 19 -> delete(index, GATEWAY_API, "HTTPRoute", "apps", "route-" + random.nextInt(16));
            case 2 -> apply(index, gateway(random.nextInt(128)));
            case 3 -> {
                if (random.nextBoolean()) {
                    apply(index, secondGateway());
                } else {
                    delete(index, GATEWAY_API, "Gateway", "apps", "gw2");
                }
            }
            case 4 -> {
                if (random.nextBoolean()) {
                    apply(index, listenerSet(random.nextBoolean() ? 80 : 9090));
                } else {
                    delete(index, GATEWAY_API, "ListenerSet", "apps", "extra");
                }
            }
            case 5 -> {
                int s = random.nextInt(3);
                if (random.nextInt(3) == 0) {
                    delete(index, "v1", "Service", "apps", "svc-" + s);
                } else {
                    apply(index, service("apps", "svc-" + s, random.nextBoolean()));
                }
            }
            case 6, 7 -> apply(index, slice("apps", "svc-" + random.nextInt(3), random.nextInt(4)));
            case 8 -> {
                if (random.nextBoolean()) {
                    apply(index, referenceGrant());
                } else {
                    delete(index, "gateway.networking.k8s.io/v1beta1", "ReferenceGrant", "other", "allow-apps");
                }
            }
            case 9 -> {
                switch (random.nextInt(3)) {
                    case 0 -> apply(index, backendTlsPolicy("svc-" + random.nextInt(3)));
                    case 1 -> delete(index, "gateway.networking.k8s.io/v1", "BackendTLSPolicy", "apps", "btls");
                    default -> apply(index, backendTlsPolicy("remote"));
                }
            }
            case 10 -> {
                if (random.nextBoolean()) {
                    apply(index, caConfigMap());
                } else {
                    delete(index, "v1", "ConfigMap", "apps", "ca");
                }
            }
            case 11 -> {
                switch (random.nextInt(3)) {
                    case 0 -> apply(index, TranslationFixtures.tlsSecret("apps", "cert"));
                    case 1 -> apply(index, brokenSecret());
                    default -> delete(index, "v1", "Secret", "apps", "cert");
                }
            }
            case 12 -> apply(index, namespace(random.nextBoolean() ? "apps" : "other", random.nextBoolean()));
            case 13 -> {
                switch (random.nextInt(4)) {
                    case 0 -> delete(index, "gateway.gantry.dev/v1alpha1", "RouteOption", "apps", "opt");
                    case 1 -> apply(index, routeOption("soon"));
                    default -> apply(index, routeOption((1 + random.nextInt(3)) + "s"));
                }
            }
            case 14 -> {
                if (random.nextInt(3) == 0) {
                    delete(index, GATEWAY_API, "GRPCRoute", "apps", "grpc-" + random.nextInt(4));
                } else {
                    apply(index, grpcRoute(random.nextInt(5)));
                }
            }
            case 15 -> {
                if (random.nextInt(3) == 0) {
                    delete(index, "gateway.networking.k8s.io/v1alpha2", "TLSRoute", "apps", "tls-" + random.nextInt(4));
                } else {
                    apply(index, tlsRoute(random.nextInt(5)));
                }
            }
            case 16 -> {
                if (random.nextInt(3) == 0) {
                    delete(index, "gateway.networking.k8s.io/v1alpha2", "TCPRoute", "apps", "tcp-" + random.nextInt(2));
                } else {
                    apply(index, tcpRoute(random.nextInt(2)));
                }
            }
            case 17 -> {
                if (random.nextBoolean()) {
                    apply(index, service("other", "remote", random.nextBoolean()));
                } else {
                    delete(index, "v1", "Service", "other", "remote");
                }
            }
            case 20 -> apply(index, switch (random.nextInt(3)) { // nothing of ours reads these
                case 0 -> service("elsewhere", "unused", random.nextBoolean());
                case 1 -> slice("elsewhere", "unused", random.nextInt(3));
                default -> TranslationFixtures.tlsSecret("elsewhere", "unused-" + random.nextInt(3));
            });
            case 21, 22 -> {
                // RouteOptions by targetRefs: added, changed, retargeted (another route, one rule), deleted
                int option = random.nextInt(3);
                if (random.nextInt(4) == 0) {
                    delete(index, "gateway.gantry.dev/v1alpha1", "RouteOption", "apps", "target-" + option);
                } else {
                    apply(index, targetedRouteOption(option));
                }
            }
            case 23 -> {
                // a VirtualHostOption: added, changed, retargeted (the Gateway, one listener, the other Gateway), deleted
                String site = "site" + pick("", "-2");
                if (random.nextInt(4) == 0) {
                    delete(index, "gateway.gantry.dev/v1alpha1", "VirtualHostOption", "apps", site);
                } else {
                    apply(index, virtualHostOption(site));
                }
            }
            case 24, 25 -> {
                // HttpListenerOptions and ListenerOptions: added, changed, retargeted, deleted, some invalid
                boolean http = choice == 24;
                int option = random.nextInt(2);
                if (random.nextInt(4) == 0) {
                    delete(index, "gateway.gantry.dev/v1alpha1", http ? "HttpListenerOption" : "ListenerOption", "apps",
                            (http ? "hlo-" : "lo-") + option);
                } else {
                    apply(index, http ? httpListenerOption(option) : listenerOption(option));
                }
            }
            case 26, 28 -> {
                // a RateLimitConfig routes and virtual hosts reference: added, changed, made invalid, deleted
                String name = "rl-" + random.nextInt(2);
                if (random.nextInt(4) == 0) {
                    delete(index, "gateway.gantry.dev/v1alpha1", "RateLimitConfig", "apps", name);
                } else {
                    apply(index, rateLimitConfig(name));
                }
            }
            case 27, 29 -> {
                // an AuthConfig, or the Secret it names: added, changed, made invalid, deleted
                int what = random.nextInt(5);
                if (what == 0) {
                    delete(index, "gateway.gantry.dev/v1alpha1", "AuthConfig", "apps", "auth-" + random.nextInt(2));
                } else if (what == 1) {
                    delete(index, "v1", "Secret", "apps", "key-a");
                } else if (what == 2) {
                    apply(index, apiKeySecret());
                } else {
                    apply(index, authConfig("auth-" + random.nextInt(2)));
                }
            }
            case 34, 35 -> {
                // Upstreams: added, changed (destination, settings, valid or not), deleted; and the grant to reach
                // the one in another namespace (and, from an Upstream, a Service there)
                int which = random.nextInt(3);
                String namespace = which == 2 ? "other" : "apps";
                switch (random.nextInt(5)) {
                    case 0 -> delete(index, "gateway.gantry.dev/v1alpha1", "Upstream", namespace, "up-" + which);
                    case 1 -> {
                        if (random.nextBoolean()) {
                            apply(index, upstreamGrant());
                        } else {
                            delete(index, "gateway.networking.k8s.io/v1beta1", "ReferenceGrant", "other", "allow-upstreams");
                        }
                    }
                    default -> apply(index, upstream(namespace, which));
                }
            }
            case 36, 37 -> {
                // the client certificate Secret Upstreams name (here or in other): changed, broken, deleted
                String namespace = random.nextBoolean() ? "apps" : "other";
                switch (random.nextInt(4)) {
                    case 0 -> delete(index, "v1", "Secret", namespace, "up-client");
                    case 1 -> apply(index, brokenSecret().replace("namespace: apps, name: cert",
                            "namespace: " + namespace + ", name: up-client"));
                    default -> apply(index, upstreamClientSecret(namespace, random.nextBoolean()));
                }
            }
            default -> apply(index, httpRoute(random.nextInt(16)));
        }
    }

    /** An Upstream {@code up-<which>}: static hosts or a Service (some missing, one in another namespace), some invalid. */
    private String upstream(String namespace, int which) {
        String destination = pick("static: {hosts: [{addr: 192.0.2.%d, port: 80}]}".formatted(random.nextInt(3)),
                "static: {hosts: [{addr: api-%d.example, port: 443}], useTls: true}".formatted(random.nextInt(2)),
                "kube: {serviceName: svc-%d, servicePort: 80}".formatted(random.nextInt(3)),
                "kube: {serviceName: remote, serviceNamespace: other, servicePort: 80}",
                "kube: {serviceName: gone, servicePort: 80}",
                "static: {hosts: [{addr: 192.0.2.9, port: 0}]}");
        String settings = pick("", "useHttp2: true", "loadBalancerConfig: {leastRequest: {choiceCount: %d}}"
                        .formatted(2 + random.nextInt(2)),
                "circuitBreakers: {maxConnections: %d}".formatted(1 + random.nextInt(3)),
                "connectionConfig: {connectTimeout: %ds, maxRequestsPerConnection: 10}".formatted(1 + random.nextInt(2)),
                "healthChecks: [{timeout: 1s, interval: 5s, unhealthyThreshold: 2, healthyThreshold: 1,"
                        + " httpHealthCheck: {path: /h%d}}]".formatted(random.nextInt(2)),
                "outlierDetection: {consecutive5xx: %d, interval: soon}".formatted(random.nextInt(3)),
                "sslConfig: {sni: s%d.example, alpnProtocols: [h2]}".formatted(random.nextInt(2)),
                // TLS from Kubernetes objects: the listeners' certificate Secret, a Secret of its own (here or
                // behind the grant), the CA ConfigMap; each of them changes, breaks and goes in other steps
                "sslConfig: {secretRef: {name: %s}}".formatted(pick("cert", "up-client")),
                "sslConfig: {secretRef: {name: up-client, namespace: other}, rootCaRef: {kind: Secret, name: up-client,"
                        + " namespace: other}}",
                "sslConfig: {rootCaRef: {kind: ConfigMap, name: ca}}",
                "sslConfig: {secretRef: {name: up-client}, rootCaRef: {kind: ConfigMap, name: %s}}".formatted(
                        pick("ca", "gone")),
                "proxyProtocolVersion: %s".formatted(pick("V1", "V2", "V9")));
        return """
                apiVersion: gateway.gantry.dev/v1alpha1
                kind: Upstream
                metadata: {namespace: %s, name: up-%d}
                spec:
                  %s
                  %s
                """.formatted(namespace, which, destination, settings);
    }

    /** Lets HTTPRoutes of apps reach the Upstreams of other, and Upstreams of apps reach its Services and Secrets. */
    private static String upstreamGrant() {
        return """
                apiVersion: gateway.networking.k8s.io/v1beta1
                kind: ReferenceGrant
                metadata: {namespace: other, name: allow-upstreams}
                spec:
                  from: [{group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: apps},
                         {group: gateway.gantry.dev, kind: Upstream, namespace: apps}]
                  to: [{group: gateway.gantry.dev, kind: Upstream}, {group: '', kind: Service}, {group: '', kind: Secret}]
                """;
    }

    /** The client certificate of Upstreams, with its CA ({@code ca.crt}) or without. */
    private static String upstreamClientSecret(String namespace, boolean withCa) {
        String secret = TranslationFixtures.tlsSecret(namespace, "up-client");
        return withCa ? secret.replace("tls.key:", "ca.crt: " + TranslationFixtures.CERTIFICATE + ", tls.key:") : secret;
    }

    private String listenerTarget() {
        return pick("{group: gateway.networking.k8s.io, kind: Gateway, name: gw}",
                "{group: gateway.networking.k8s.io, kind: Gateway, name: gw, sectionName: http}",
                "{group: gateway.networking.k8s.io, kind: Gateway, name: gw, sectionName: alt}",
                "{group: gateway.networking.k8s.io, kind: Gateway, name: gw, sectionName: https}",
                "{group: gateway.networking.k8s.io, kind: Gateway, name: gw, sectionName: pass}",
                "{group: gateway.networking.k8s.io, kind: Gateway, name: gw2}");
    }

    private String httpListenerOption(int option) {
        String options = pick("{grpcWeb: {}}", "{healthCheck: {path: /healthz-%d}}".formatted(random.nextInt(2)),
                "{httpConnectionManagerSettings: {serverName: s%d, streamIdleTimeout: 1m}}".formatted(random.nextInt(2)),
                "{gzip: {contentLength: %d}, brotli: {quality: 4}}".formatted(random.nextInt(3) * 100),
                "{gzip: {windowBits: 99}}",
                "{httpLocalRatelimit: {defaultLimit: {maxTokens: %d}}}".formatted(1 + random.nextInt(2)),
                "{httpConnectionManagerSettings: {upgrades: [{websocket: {enabled: false}}]}, grpcWeb: {disable: true}}");
        return """
                apiVersion: gateway.gantry.dev/v1alpha1
                kind: HttpListenerOption
                metadata: {namespace: apps, name: hlo-%d, creationTimestamp: '2026-01-01T00:00:%02dZ'}
                spec:
                  targetRefs: [%s]
                  options: %s
                """.formatted(option, random.nextInt(3), listenerTarget(), options);
    }

    private String listenerOption(int option) {
        String options = pick("{proxyProtocol: {allowRequestsWithoutProxyProtocol: true}}",
                "{perConnectionBufferLimitBytes: %d, tcpKeepalive: {keepaliveProbes: 3}}".formatted(1024 * (1 + random.nextInt(3))),
                "{accessLoggingService: {accessLog: [{fileSink: {path: /dev/stdout, stringFormat: '%%RESPONSE_CODE%%'}}]}}",
                "{accessLoggingService: {accessLog: [{grpcService: {logName: gw, backendRef: {name: als, port: %d}}}]}}"
                        .formatted(9000 + random.nextInt(2)),
                "{socketOptions: [{level: 1, name: 2}]}");
        return """
                apiVersion: gateway.gantry.dev/v1alpha1
                kind: ListenerOption
                metadata: {namespace: apps, name: lo-%d, creationTimestamp: '2026-01-01T00:00:%02dZ'}
                spec:
                  targetRefs: [%s]
                  options: %s
                """.formatted(option, random.nextInt(3), listenerTarget(), options);
    }

    private String rateLimitConfig(String name) {
        String actions = pick("[{remoteAddress: {}}]", "[{requestHeaders: {headerName: x-user, descriptorKey: user}}]",
                "[{genericKey: {descriptorValue: all}}, {sourceCluster: {}}]",
                "[{genericKey: {descriptorValue: all}, remoteAddress: {}}]"); // the last: two kinds, rejected
        return """
                apiVersion: gateway.gantry.dev/v1alpha1
                kind: RateLimitConfig
                metadata: {namespace: apps, name: %s}
                spec:
                  raw:
                    descriptors: [{key: generic_key, rateLimit: {unit: %s, requestsPerUnit: %d}}]
                    rateLimits: [{%s: %s}]
                """.formatted(name, pick("SECOND", "MINUTE", "FORTNIGHT"), random.nextInt(5),
                random.nextBoolean() ? "actions" : "setActions", actions);
    }

    private String authConfig(String name) {
        String check = pick("{name: keys, apiKeyAuth: {apiKeySecretRefs: [{name: key-a}]}}",
                "{name: keys, apiKeyAuth: {labelSelector: {team: a}}}",
                "{name: jwt, oauth2: {accessTokenValidation: {jwt: {localJwks: {inlineString: '{}'}}}}}",
                "{name: none}");
        return """
                apiVersion: gateway.gantry.dev/v1alpha1
                kind: AuthConfig
                metadata: {namespace: apps, name: %s}
                spec:
                  configs: [%s]
                """.formatted(name, check);
    }

    private String apiKeySecret() {
        return """
                apiVersion: v1
                kind: Secret
                metadata: {namespace: apps, name: key-a, labels: {team: a}}
                stringData: {api-key: k%d}
                """.formatted(random.nextInt(3));
    }

    private String virtualHostOption(String name) {
        String target = pick("{group: gateway.networking.k8s.io, kind: Gateway, name: gw}",
                "{group: gateway.networking.k8s.io, kind: Gateway, name: gw, sectionName: alt}",
                "{group: gateway.networking.k8s.io, kind: Gateway, name: gw2}");
        String options = pick("{headerManipulation: {responseHeadersToAdd: [{header: {key: x-site, value: '%d'}}]}}"
                        .formatted(random.nextInt(3)),
                "{retries: {numRetries: %d, retryOn: '5xx'}}".formatted(1 + random.nextInt(3)),
                "{cors: {allowOrigin: ['https://a.example']}, bufferPerRoute: {buffer: {maxRequestBytes: 2048}}}",
                "{bufferPerRoute: {buffer: {maxRequestBytes: 0}}}",
                "{rateLimitConfigs: {refs: [{name: rl-1}]}}",
                "{extauth: {configRef: {name: auth-0}}, rateLimitEarlyConfigs: {refs: [{name: rl-0}]}}");
        return """
                apiVersion: gateway.gantry.dev/v1alpha1
                kind: VirtualHostOption
                metadata: {namespace: apps, name: %s, creationTimestamp: '2026-01-01T00:00:%02dZ'}
                spec:
                  targetRefs: [%s]
                  options: %s
                """.formatted(name, random.nextInt(3), target, options);
    }

    /** A RouteOption targeting a route (or its rule "main") with one of the option fields, some invalid. */
    private String targetedRouteOption(int option) {
        String section = random.nextBoolean() ? "" : ", sectionName: " + pick("main", "other");
        // half of them name a RateLimitConfig or an AuthConfig, which change too (RandomWorld#change)
        String options = random.nextBoolean() ? pick(
                "{rateLimitConfigs: {refs: [{name: rl-%d}]}}".formatted(random.nextInt(2)),
                "{rateLimitEarlyConfigs: {refs: [{name: rl-0}]}, extauth: {configRef: {name: auth-1}}}",
                "{extauth: {configRef: {name: auth-%d}}}".formatted(random.nextInt(2)),
                "{extauth: {disable: true}}") : pick("{timeout: %ds}".formatted(1 + random.nextInt(3)),
                "{idleTimeout: 30s, retries: {numRetries: 2, retryOn: '5xx'}}",
                "{faults: {abort: {percentage: 50, httpStatus: 503}}}",
                "{faults: {abort: {percentage: 500, httpStatus: 503}}}",
                "{bufferPerRoute: {buffer: {maxRequestBytes: 4096}}}",
                "{cors: {allowOrigin: ['https://a.example'], allowMethods: [GET]}}",
                "{regexRewrite: {pattern: {regex: '^/p(.*)$'}, substitution: '/q'}, autoHostRewrite: true}",
                "{headerManipulation: {responseHeadersToRemove: [server]}}",
                "{csrf: {filterEnabled: {numerator: 100}, additionalOrigins: [{exact: 'https://a.example'}]}}",
                "{ratelimit: {localRatelimit: {maxTokens: %d, fillInterval: 1s}}}".formatted(1 + random.nextInt(3)),
                "{upgrades: [{websocket: {enabled: %s}}]}".formatted(random.nextBoolean()),
                // issue 8's last RouteOption fields: transformations (header formatters, Lua, a template error),
                // direct responses, shadowing to an Upstream (which changes too), route metadata
                "{stagedTransformations: {regular: {requestTransforms: [{requestTransformation: {transformationTemplate: "
                        + "{headers: {x-t: {text: 'v%d {{ header(\"x-a\") }}'}}}}}]}}}".formatted(random.nextInt(3)),
                "{stagedTransformations: {regular: {responseTransforms: [{responseTransformation: {transformationTemplate: "
                        + "{extractors: {id: {header: ':status'}}, body: {text: '{\"s\": {{ id }}, \"n\": %d}'}}}}]}}}"
                                .formatted(random.nextInt(3)),
                "{stagedTransformations: {regular: {requestTransforms: [{requestTransformation: {transformationTemplate: "
                        + "{headers: {x-t: {text: '{{ broken'}}}}}]}}}",
                "{directResponseAction: {status: %s, body: gone}}".formatted(pick("200", "410", "700")),
                "{shadowing: {upstream: {name: up-%d}, percentage: %d}}".formatted(random.nextInt(3), 10 * random.nextInt(11)),
                "{envoyMetadata: {gantry.dev/x: {v: %d, tags: [a]}}}".formatted(random.nextInt(3)));
        return """
                apiVersion: gateway.gantry.dev/v1alpha1
                kind: RouteOption
                metadata: {namespace: apps, name: target-%d, creationTimestamp: '2026-01-01T00:00:%02dZ'}
                spec:
                  targetRefs: [{group: gateway.networking.k8s.io, kind: HTTPRoute, name: route-%d%s}]
                  options: %s
                """.formatted(option, random.nextInt(3), random.nextInt(16), section, options);
    }

    private static void apply(ResourceIndex index, String yaml) {
        TestResources.records(yaml).forEach(record -> index.apply(record.key(), record.event()));
    }

    private static void delete(ResourceIndex index, String apiVersion, String kind, String namespace, String name) {
        index.apply(ResourceKey.of(apiVersion, kind, namespace, name), null);
    }

    /**
     * The HTTP listener on 80 always; each of the low six bits of {@code listeners} adds one more, the seventh
     * narrows the first one to the shared hostnames (so a listener changes while all else stays).
     */
    private static String gateway(int listeners) {
        List<String> optional = List.of(
                "  - {name: alt, protocol: HTTP, port: 8080, hostname: '*.shared.example'}\n",
                "  - {name: https, protocol: HTTPS, port: 443, hostname: '*.shared.example', tls: {certificateRefs: [{name: cert}]}}\n",
                "  - {name: pass, protocol: TLS, port: 8443, hostname: '*.db.example', tls: {mode: Passthrough}}\n",
                "  - {name: pg, protocol: TCP, port: 5432}\n",
                "  - {name: same-port, protocol: HTTP, port: 80, hostname: 'a.shared.example'}\n",
                "  - {name: selected, protocol: HTTP, port: 8081, allowedRoutes: {namespaces: {from: Selector,"
                        + " selector: {matchLabels: {team: blue}}}}}\n");
        StringBuilder yaml = new StringBuilder("""
                apiVersion: gateway.networking.k8s.io/v1
                kind: Gateway
                metadata: {namespace: apps, name: gw}
                spec:
                  gatewayClassName: gantry
                  allowedListeners: {namespaces: {from: Same}}
                  listeners:
                  - {name: http, protocol: HTTP, port: 80%s}
                """.formatted((listeners & 64) != 0 ? ", hostname: '*.shared.example'" : ""));
        for (int bit = 0; bit < optional.size(); bit++) {
            if ((listeners & (1 << bit)) != 0) {
                yaml.append(optional.get(bit));
            }
        }
        return yaml.toString();
    }

    private String secondGateway() {
        return """
                apiVersion: gateway.networking.k8s.io/v1
                kind: Gateway
                metadata: {namespace: apps, name: gw2}
                spec:
                  gatewayClassName: gantry
                  listeners:
                  - {name: http, protocol: HTTP, port: %d, hostname: '*.example'}
                """.formatted(random.nextBoolean() ? 80 : 8000);
    }

    private static String listenerSet(int port) {
        return """
                apiVersion: gateway.networking.k8s.io/v1
                kind: ListenerSet
                metadata: {namespace: apps, name: extra, creationTimestamp: '2026-01-01T00:00:00Z'}
                spec:
                  parentRef: {kind: Gateway, group: gateway.networking.k8s.io, name: gw}
                  listeners:
                  - {name: set-http, protocol: HTTP, port: %d, hostname: 'a.shared.example'}
                """.formatted(port);
    }

    private static String namespace(String name, boolean blue) {
        return """
                apiVersion: v1
                kind: Namespace
                metadata: {name: %s, labels: {team: %s}}
                """.formatted(name, blue ? "blue" : "red");
    }

    private static String service(String namespace, String name, boolean h2c) {
        return """
                apiVersion: v1
                kind: Service
                metadata: {namespace: %s, name: %s}
                spec: {ports: [{name: http, port: 80%s}]}
                """.formatted(namespace, name, h2c ? ", appProtocol: kubernetes.io/h2c" : "");
    }

    private static String slice(String namespace, String service, int endpoints) {
        List<String> addresses = new ArrayList<>();
        for (int e = 0; e < endpoints; e++) {
            addresses.add("10.0." + Math.abs(service.hashCode() % 200) + "." + (e + 1));
        }
        return """
                apiVersion: discovery.k8s.io/v1
                kind: EndpointSlice
                metadata: {namespace: %s, name: %s-a, labels: {kubernetes.io/service-name: %s}}
                addressType: IPv4
                ports: [{name: http, port: 80}]
                endpoints: [{addresses: [%s]}]
                """.formatted(namespace, service, service, String.join(", ", addresses));
    }

    private static String referenceGrant() {
        return """
                apiVersion: gateway.networking.k8s.io/v1beta1
                kind: ReferenceGrant
                metadata: {namespace: other, name: allow-apps}
                spec:
                  from: [{group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: apps},
                         {group: gateway.networking.k8s.io, kind: TLSRoute, namespace: apps}]
                  to: [{group: '', kind: Service}]
                """;
    }

    private static String backendTlsPolicy(String service) {
        return """
                apiVersion: gateway.networking.k8s.io/v1
                kind: BackendTLSPolicy
                metadata: {namespace: apps, name: btls}
                spec:
                  targetRefs: [{group: '', kind: Service, name: %s}]
                  validation: {caCertificateRefs: [{group: '', kind: ConfigMap, name: ca}], hostname: secure.example.com}
                """.formatted(service);
    }

    private static String caConfigMap() {
        return """
                apiVersion: v1
                kind: ConfigMap
                metadata: {namespace: apps, name: ca}
                data:
                  ca.crt: |
                %s
                """.formatted(PEM.indent(4).stripTrailing());
    }

    private static String brokenSecret() {
        return """
                apiVersion: v1
                kind: Secret
                metadata: {namespace: apps, name: cert}
                type: kubernetes.io/tls
                data: {tls.crt: bm90IGEgY2VydGlmaWNhdGU=, tls.key: bm90IGEga2V5}
                """;
    }

    private static String routeOption(String timeout) {
        return """
                apiVersion: gateway.gantry.dev/v1alpha1
                kind: RouteOption
                metadata: {namespace: apps, name: opt}
                spec:
                  options: {timeout: %s}
                """.formatted(timeout);
    }

    /** A route on one of a few hostnames (so routes share virtual hosts), on one of several parents. */
    private String httpRoute(int r) {
        String hostname = pick("a.shared.example", "b.shared.example", "host-" + random.nextInt(6) + ".example",
                "*.shared.example");
        String parent = pick("{name: gw}", "{name: gw}", "{name: gw}", "{name: gw, sectionName: alt}",
                "{name: gw, sectionName: https}", "{kind: ListenerSet, name: extra}", "{name: gw2}",
                "{name: gw, sectionName: selected}", "{name: gw, port: 80}");
        String backend = pick("{name: svc-0, port: 80}", "{name: svc-1, port: 80}", "{name: svc-2, port: 80}",
                "{name: svc-1, port: 80}", "{name: remote, namespace: other, port: 80}", "{name: missing, port: 80}",
                "{group: gateway.gantry.dev, kind: Upstream, name: up-0}", "{group: gateway.gantry.dev, kind: Upstream, name: up-1}",
                "{group: gateway.gantry.dev, kind: Upstream, name: up-2, namespace: other}");
        String match = pick("{path: {type: PathPrefix, value: /p%d}}".formatted(random.nextInt(4)),
                "{path: {type: Exact, value: /e%d}}".formatted(random.nextInt(3)),
                "{headers: [{type: RegularExpression, name: x-v, value: 'v[0-9]+'}]}",
                "{path: {type: RegularExpression, value: '/r(a|b'}}");
        String filters = pick("", "", "", "\n    filters: [{type: ExtensionRef, extensionRef: {group: gateway.gantry.dev,"
                + " kind: RouteOption, name: opt}}]",
                "\n    filters: [{type: RequestHeaderModifier, requestHeaderModifier: {set: [{name: x-r, value: '%d'}]}}]"
                        .formatted(r));
        return """
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata: {namespace: apps, name: route-%d, creationTimestamp: '2026-01-01T00:00:%02dZ'}
                spec:
                  parentRefs: [%s]
                  hostnames: ['%s']
                  rules:
                  - name: main
                    matches: [%s]
                    backendRefs: [%s]%s
                """.formatted(r, random.nextInt(3), parent, hostname, match, backend, filters);
    }

    private String grpcRoute(int r) {
        return """
                apiVersion: gateway.networking.k8s.io/v1
                kind: GRPCRoute
                metadata: {namespace: apps, name: grpc-%d, creationTimestamp: '2026-01-01T00:01:%02dZ'}
                spec:
                  parentRefs: [%s]
                  hostnames: ['%s']
                  rules:
                  - matches: [{method: {service: svc.S%d}}]
                    backendRefs: [%s]
                """.formatted(r, r, pick("{name: gw}", "{name: gw, sectionName: alt}"),
                pick("a.shared.example", "grpc.example", "host-1.example"), random.nextInt(3),
                random.nextInt(4) == 0 ? "{group: gateway.gantry.dev, kind: Upstream, name: up-%d}".formatted(random.nextInt(2))
                        : "{name: svc-%d, port: 80}".formatted(random.nextInt(3)));
    }

    private String tlsRoute(int r) {
        return """
                apiVersion: gateway.networking.k8s.io/v1alpha2
                kind: TLSRoute
                metadata: {namespace: apps, name: tls-%d, creationTimestamp: '2026-01-01T00:02:%02dZ'}
                spec:
                  parentRefs: [{name: gw, sectionName: pass}]
                  hostnames: ['%s']
                  rules: [{backendRefs: [%s]}]
                """.formatted(r, random.nextInt(2), pick("a.db.example", "b.db.example", "*.db.example", "elsewhere.org"),
                pick("{name: svc-0, port: 80}", "{name: svc-2, port: 80}", "{name: remote, namespace: other, port: 80}"));
    }

    private String tcpRoute(int r) {
        return """
                apiVersion: gateway.networking.k8s.io/v1alpha2
                kind: TCPRoute
                metadata: {namespace: apps, name: tcp-%d, creationTimestamp: '2026-01-01T00:03:%02dZ'}
                spec:
                  parentRefs: [{name: gw, sectionName: pg}]
                  rules: [{backendRefs: [{name: svc-%d, port: 80}]}]
                """.formatted(r, r, random.nextInt(3));
    }

    private String pick(String... choices) {
        return choices[random.nextInt(choices.length)];
    }

    /** Runs {@code each} on every Gateway key the world may hold. */
    static void forEachGateway(Consumer<String> each) {
        each.accept(GATEWAY);
        each.accept(SECOND_GATEWAY);
    }
}
