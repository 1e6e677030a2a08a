package dev.gantry.e2e;

import static io.envoyproxy.controlplane.cache.Resources.V3.CLUSTER_TYPE_URL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.gantry.extauth.ExtAuthApplication;
import dev.gantry.ratelimit.RateLimitApplication;
import dev.gantry.watcher.deployer.CertificateAuthority;
import dev.gantry.watcher.deployer.EnvoyBootstrap;
import dev.gantry.watcher.deployer.ProxyCertificates;
import dev.gantry.watcher.deployer.ProxyTlsProperties;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.Address;
import io.envoyproxy.envoy.config.core.v3.HeaderValue;
import io.envoyproxy.envoy.service.auth.v3.AttributeContext;
import io.envoyproxy.envoy.service.auth.v3.AuthorizationGrpc;
import io.envoyproxy.envoy.service.auth.v3.CheckRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitRequest;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitResponse;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitServiceGrpc;
import io.envoyproxy.envoy.extensions.common.ratelimit.v3.RateLimitDescriptor;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewayBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.grpc.server.lifecycle.GrpcServerLifecycle;

/**
 * Issue 11, the policy services' link: ratelimit-service and extauth-service serve TLS and require a client
 * certificate, with server certificates the deployer's CA issued ({@code gantry-ratelimit-tls},
 * {@code gantry-extauth-tls}); the translator, with only {@code gantry.policy-services.tls.enabled=true}, emits
 * their clusters with the UpstreamTlsContext that names the proxy's own xDS client certificate and CA through the
 * deployer's file-based SDS resources. A client that follows those clusters as Envoy does (the SDS files, the
 * mounted Secret of the Gateway's proxy) is answered by both services; plaintext, TLS without a client certificate
 * and a certificate of another CA are refused.
 */
@EnableKubernetesMockClient(crud = true)
class PolicyServicesOverTlsTest {

    static KubernetesMockServer server;
    static KubernetesClient injected;
    private static KubernetesClient client;

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String REDIS_PORT = System.getenv().getOrDefault("GANTRY_REDIS_PORT", "6390");
    private static final ProxyTlsProperties TLS = new ProxyTlsProperties(true, "gantry-system", null, true, "",
            List.of(), Duration.ofHours(1), "cluster.local",
            Map.of("gantry-ratelimit-tls", "localhost", "gantry-extauth-tls", "localhost"));

    private static Path work;
    private static Platform platform;
    private static ConfigurableApplicationContext ratelimit;
    private static ConfigurableApplicationContext extauth;
    private static Map<String, Cluster> clusters;
    /** What Envoy's rate-limit filter sends for the route, for user erin (the route's rate_limits from RDS). */
    private static RateLimitRequest erinsRequest;
    private static EnvoyTlsDialer proxy;

    @BeforeAll
    static void start() throws Exception {
        client = PatientKubernetesClient.of(injected != null ? injected : client);
        work = Files.createTempDirectory("gantry-policy-tls");
        ProxyCertificates certificates = new ProxyCertificates(client, TLS, Clock.systemUTC());
        assertThat(certificates.ensurePolicyServiceSecrets()).containsExactly("gantry-extauth-tls", "gantry-ratelimit-tls");

        // the Gateway's proxy: its client certificate Secret as mounted, and the SDS files of its bootstrap
        Gateway gateway = client.resources(Gateway.class).resource(new GatewayBuilder().withNewMetadata()
                .withName("secured").withNamespace("default").endMetadata().withNewSpec().withGatewayClassName("gantry")
                .addNewListener().withName("http").withProtocol("HTTP").withPort(8097).endListener().endSpec()
                .build()).create();
        certificates.ensure(gateway);
        writeSecret(client.secrets().inNamespace("default").withName(ProxyCertificates.secretName("secured")).get(),
                work.resolve("xds-tls"));
        Files.writeString(work.resolve(EnvoyBootstrap.SDS_CERTIFICATE_FILE), EnvoyBootstrap.sdsCertificate());
        Files.writeString(work.resolve(EnvoyBootstrap.SDS_VALIDATION_FILE), EnvoyBootstrap.sdsValidation());
        proxy = new EnvoyTlsDialer(podPath -> {
            if (podPath.startsWith(EnvoyBootstrap.TLS_DIR + "/")) {
                return work.resolve("xds-tls").resolve(podPath.substring(EnvoyBootstrap.TLS_DIR.length() + 1));
            }
            if (podPath.startsWith("/etc/envoy/")) {
                return work.resolve(podPath.substring("/etc/envoy/".length()));
            }
            throw new IllegalStateException("the cluster names a file outside the proxy's mounts: " + podPath);
        });

        String prefix = "e2e-policy-tls-" + UUID.randomUUID() + ":";
        // the watcher seals the API key with it, extauth-service opens it
        String secretKey = Platform.randomSecretKey();
        ratelimit = startTls(RateLimitApplication.class, "ratelimit-service", "gantry-ratelimit-tls", prefix);
        extauth = startTls(ExtAuthApplication.class, "extauth-service", "gantry-extauth-tls", prefix,
                "--gantry.secrets.keys.e2e=" + secretKey, "--gantry.extauth.evaluator-timeout=5s");

        Path manifests = Files.createTempDirectory("gantry-policy-tls-manifests");
        platform = new Platform(manifests, List.of("gantry.policy-services.tls.enabled=true",
                "gantry.policy-services.rate-limit-host=localhost",
                "gantry.policy-services.rate-limit-port=" + port(ratelimit),
                "gantry.policy-services.ext-auth-host=localhost",
                "gantry.policy-services.ext-auth-port=" + port(extauth),
                "gantry.policy-services.ext-auth-timeout=5s"),
                List.of("spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + REDIS_PORT), Map.of(), prefix,
                null, secretKey);
        platform.write("gatewayclass.yaml", Manifests.GATEWAY_CLASS);
        platform.write("secured/gateway.yaml", Manifests.gateway("secured", 8097));
        platform.write("secured/route.yaml", Manifests.route("secured", "secured", "secured.e2e.test", "secured-backend")
                + "---\n" + Manifests.service("secured-backend", 9000) + """
                ---
                apiVersion: v1
                kind: Secret
                metadata: {name: key-dave, namespace: default}
                type: extauth.solo.io/apikey
                stringData: {api-key: dave-secret-key, user: dave}
                ---
                apiVersion: gateway.gantry.dev/v1alpha1
                kind: AuthConfig
                metadata: {name: keys, namespace: default}
                spec:
                  configs:
                    - name: api-key
                      apiKeyAuth:
                        headerName: x-api-key
                        apiKeySecretRefs: [{name: key-dave}]
                ---
                apiVersion: gateway.gantry.dev/v1alpha1
                kind: RateLimitConfig
                metadata: {name: per-user, namespace: default}
                spec:
                  raw:
                    descriptors:
                      - key: user
                        rateLimit: {unit: MINUTE, requestsPerUnit: 1000}
                    rateLimits:
                      - actions:
                          - requestHeaders: {headerName: x-user, descriptorKey: user}
                ---
                apiVersion: gateway.gantry.dev/v1alpha1
                kind: RouteOption
                metadata: {name: secured, namespace: default}
                spec:
                  targetRefs: [{group: gateway.networking.k8s.io, kind: HTTPRoute, name: secured}]
                  options:
                    extauth: {configRef: {name: keys}}
                    rateLimitConfigs: {refs: [{name: per-user}]}
                """);
        clusters = policyClusters();
        erinsRequest = RateLimitEndToEndTest.request(routeRateLimits(), "erin");
    }

    @AfterAll
    static void stop() {
        if (client != null && client != injected) {
            client.close();
        }
        for (ConfigurableApplicationContext context : new ConfigurableApplicationContext[] {ratelimit, extauth}) {
            if (context != null) {
                context.close();
            }
        }
        if (platform != null) {
            platform.stop();
        }
    }

    @Test
    void theTranslatedClustersDialBothServicesWithTheProxysCertificate() throws Exception {
        ManagedChannel rlsChannel = proxy.dial(clusters.get("gantry~ratelimit"), null, 0);
        ManagedChannel authzChannel = proxy.dial(clusters.get("gantry~extauth"), null, 0);
        try {
            var rls = RateLimitServiceGrpc.newBlockingStub(rlsChannel);
            // answered over TLS, from the config the translator wrote to Redis
            await().atMost(WAIT).until(() -> rls.withDeadlineAfter(10, TimeUnit.SECONDS).shouldRateLimit(erinsRequest)
                    .getStatusesList().stream().anyMatch(status -> status.hasCurrentLimit()
                            && status.getCurrentLimit().getRequestsPerUnit() == 1000));
            assertThat(rls.shouldRateLimit(erinsRequest).getOverallCode()).isEqualTo(RateLimitResponse.Code.OK);

            var authz = AuthorizationGrpc.newBlockingStub(authzChannel);
            await().atMost(WAIT).until(() -> authz.withDeadlineAfter(10, TimeUnit.SECONDS)
                    .check(check("dave-secret-key")).getStatus().getCode() == 0);
            assertThat(authz.withDeadlineAfter(10, TimeUnit.SECONDS).check(check("wrong-key")).getStatus().getCode())
                    .isNotZero();
        } finally {
            rlsChannel.shutdownNow();
            authzChannel.shutdownNow();
        }
    }

    @Test
    void plaintextIsRefused() {
        for (String cluster : List.of("gantry~ratelimit", "gantry~extauth")) {
            ManagedChannel plaintext = Grpc.newChannelBuilderForAddress("localhost", port(cluster),
                    InsecureChannelCredentials.create()).build();
            try {
                assertRefused(plaintext);
            } finally {
                plaintext.shutdownNow();
            }
        }
    }

    @Test
    void tlsWithoutAClientCertificateOrWithAnotherCasCertificateIsRefused() throws Exception {
        CertificateAuthority intruder = CertificateAuthority.generate("intruder", Clock.systemUTC());
        var foreign = intruder.issueClient("spiffe://cluster.local/ns/default/gateway/secured", Duration.ofHours(1));
        Path foreignDir = Files.createDirectories(work.resolve("foreign"));
        Files.writeString(foreignDir.resolve("tls.crt"), foreign.certificatePem());
        Files.writeString(foreignDir.resolve("tls.key"), foreign.keyPem());
        Path ca = work.resolve("xds-tls").resolve("ca.crt");
        for (String cluster : List.of("gantry~ratelimit", "gantry~extauth")) {
            ManagedChannel noCertificate = Grpc.newChannelBuilderForAddress("localhost", port(cluster),
                    TlsChannelCredentials.newBuilder().trustManager(ca.toFile()).build()).build();
            ManagedChannel otherCa = Grpc.newChannelBuilderForAddress("localhost", port(cluster),
                    TlsChannelCredentials.newBuilder().trustManager(ca.toFile())
                            .keyManager(foreignDir.resolve("tls.crt").toFile(), foreignDir.resolve("tls.key").toFile())
                            .build()).build();
            try {
                assertRefused(noCertificate);
                assertRefused(otherCa);
            } finally {
                noCertificate.shutdownNow();
                otherCa.shutdownNow();
            }
        }
    }

    /** Whichever of the two services the channel reaches, the call fails on the transport, before any answer. */
    private static void assertRefused(ManagedChannel channel) {
        assertThatThrownBy(() -> RateLimitServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                .shouldRateLimit(rateLimit()))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
    }

    private static int port(String cluster) {
        Address address = clusters.get(cluster).getLoadAssignment().getEndpoints(0).getLbEndpoints(0).getEndpoint()
                .getAddress();
        return address.getSocketAddress().getPortValue();
    }

    private static ConfigurableApplicationContext startTls(Class<?> application, String module, String secret,
            String prefix, String... extra) throws Exception {
        Path tls = writeSecret(client.secrets().inNamespace("gantry-system").withName(secret).get(), work.resolve(secret));
        List<String> args = new java.util.ArrayList<>(List.of(
                "--spring.config.location=" + Platform.configOf(module), "--server.port=0",
                "--spring.grpc.server.host=127.0.0.1", "--spring.grpc.server.port=0",
                "--spring.data.redis.host=127.0.0.1", "--spring.data.redis.port=" + REDIS_PORT,
                "--gantry.redis.key-prefix=" + prefix,
                // as k8s/base/platform runs them: the bundle from the mounted Secret, client certificates required
                "--spring.grpc.server.ssl.bundle=policy", "--spring.grpc.server.ssl.client-auth=require",
                "--spring.ssl.bundle.pem.policy.keystore.certificate=file:" + tls.resolve("tls.crt"),
                "--spring.ssl.bundle.pem.policy.keystore.private-key=file:" + tls.resolve("tls.key"),
                "--spring.ssl.bundle.pem.policy.truststore.certificate=file:" + tls.resolve("ca.crt")));
        args.addAll(List.of(extra));
        return new SpringApplicationBuilder(application).run(args.toArray(String[]::new));
    }

    private static int port(ConfigurableApplicationContext context) {
        return context.getBean(GrpcServerLifecycle.class).getPort();
    }

    /** The clusters Envoy of Gateway default/secured receives for the two services. */
    private static Map<String, Cluster> policyClusters() throws Exception {
        Map<String, Cluster> found = new HashMap<>();
        try (AdsClient envoy = new AdsClient(platform.xdsPort, "default/secured")) {
            envoy.subscribe(CLUSTER_TYPE_URL);
            await().atMost(WAIT).until(() -> {
                DiscoveryResponse cds = envoy.next(CLUSTER_TYPE_URL, Duration.ofSeconds(5));
                if (cds == null) {
                    return false;
                }
                envoy.ack(cds);
                for (var any : cds.getResourcesList()) {
                    Cluster cluster = any.unpack(Cluster.class);
                    if (cluster.getName().equals("gantry~ratelimit") || cluster.getName().equals("gantry~extauth")) {
                        found.put(cluster.getName(), cluster);
                    }
                }
                return found.size() == 2;
            });
        }
        return found;
    }

    /** The rate_limits of the route to secured.e2e.test, as an Envoy of the Gateway receives them. */
    private static List<io.envoyproxy.envoy.config.route.v3.RateLimit> routeRateLimits() throws Exception {
        List<io.envoyproxy.envoy.config.route.v3.RateLimit> found = new java.util.ArrayList<>();
        try (AdsClient envoy = new AdsClient(platform.xdsPort, "default/secured")) {
            envoy.subscribe(io.envoyproxy.controlplane.cache.Resources.V3.ROUTE_TYPE_URL, "route~8097");
            await().atMost(WAIT).until(() -> {
                DiscoveryResponse rds = envoy.next(io.envoyproxy.controlplane.cache.Resources.V3.ROUTE_TYPE_URL,
                        Duration.ofSeconds(5));
                if (rds == null) {
                    return false;
                }
                envoy.ack(rds, "route~8097");
                for (var any : rds.getResourcesList()) {
                    var routes = any.unpack(io.envoyproxy.envoy.config.route.v3.RouteConfiguration.class);
                    for (var host : routes.getVirtualHostsList()) {
                        if (host.getDomainsList().contains("secured.e2e.test")) {
                            for (var route : host.getRoutesList()) {
                                found.clear();
                                found.addAll(route.getRoute().getRateLimitsList());
                            }
                        }
                    }
                }
                return !found.isEmpty();
            });
        }
        return found;
    }

    private static RateLimitRequest rateLimit() {
        return RateLimitRequest.newBuilder().setDomain("gantry").addDescriptors(RateLimitDescriptor.newBuilder()
                .addEntries(RateLimitDescriptor.Entry.newBuilder().setKey("user").setValue("erin"))).build();
    }

    private static CheckRequest check(String apiKey) {
        var http = AttributeContext.HttpRequest.newBuilder().setMethod("GET").setPath("/").setHost("secured.e2e.test")
                .putHeaders("x-api-key", apiKey);
        return CheckRequest.newBuilder().setAttributes(AttributeContext.newBuilder()
                .setRequest(AttributeContext.Request.newBuilder().setHttp(http))
                .putContextExtensions("config_id", "default.keys")).build();
    }

    private static Path writeSecret(Secret secret, Path directory) throws Exception {
        Files.createDirectories(directory);
        for (Map.Entry<String, String> entry : secret.getData().entrySet()) {
            Files.write(directory.resolve(entry.getKey()), Base64.getDecoder().decode(entry.getValue()));
        }
        return directory;
    }
}
