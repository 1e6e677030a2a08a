package dev.gantry.xds;

import static io.envoyproxy.controlplane.cache.Resources.V3.CLUSTER_TYPE_URL;
import static io.envoyproxy.controlplane.cache.Resources.V3.LISTENER_TYPE_URL;
import static io.envoyproxy.controlplane.cache.Resources.V3.SECRET_TYPE_URL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.Any;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import dev.gantry.proto.GatewaySnapshot;
import dev.gantry.proto.RedisLayout;
import dev.gantry.xds.auth.ListedServiceAccounts;
import dev.gantry.xds.auth.StreamAuthorizer;
import dev.gantry.xds.auth.StreamsPerIdentity;
import dev.gantry.xds.auth.TestPki;
import dev.gantry.xds.auth.TokenReviewer;
import dev.gantry.xds.server.GatewaySnapshotRegistry;
import dev.gantry.xds.snapshot.NodeView;
import io.envoyproxy.envoy.config.core.v3.DataSource;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.TlsCertificate;
import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.TlsChannelCredentials;
import io.grpc.stub.MetadataUtils;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.grpc.server.lifecycle.GrpcServerLifecycle;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Issue 11 on the wire: xds-service serves TLS (certificates from a CA made here) in mode {@code mtls-or-token};
 * raw ADS clients with no credentials, the wrong certificate, a rogue CA's certificate or the wrong token are
 * refused and receive nothing of the Gateway they asked for; the right client receives exactly its own Gateway.
 * Tokens are judged by a fake of the Kubernetes TokenReview API.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE, properties = {
        "spring.grpc.server.port=0",
        "spring.grpc.server.host=127.0.0.1",
        "spring.grpc.server.ssl.bundle=xds",
        "spring.grpc.server.ssl.client-auth=optional",
        "spring.data.redis.host=127.0.0.1",
        "spring.data.redis.port=${GANTRY_REDIS_PORT:6390}",
        "gantry.xds.reconcile-interval=1h",
        "gantry.xds.auth.mode=mtls-or-token",
        "gantry.xds.auth.trust-domain=gantry.test",
        "gantry.xds.limits.max-streams-per-identity=3",
        "gantry.xds.limits.max-resource-names-per-stream=10000"
})
@Import({XdsAuthenticationTest.FakeKubernetes.class, XdsAuthenticationTest.ListedOnGatewayB.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class XdsAuthenticationTest {

    static final String PREFIX = "gantry-auth-test-" + UUID.randomUUID() + ":";
    static final String GATEWAY_A = "team-a/gw-a";
    static final String GATEWAY_B = "team-b/gw-b";
    static final String SECRET_A = "team-a/cert-a";
    static final String SECRET_B = "team-b/cert-b";
    static final String KEY_A = "-----BEGIN PRIVATE KEY-----\nKEY-OF-A\n-----END PRIVATE KEY-----\n";
    static final String KEY_B = "-----BEGIN PRIVATE KEY-----\nKEY-OF-B\n-----END PRIVATE KEY-----\n";
    static final String AUDIENCE = "gantry-xds";

    static final Path DIR = tempDir();
    static final TestPki PKI = new TestPki(DIR, "gantry-test");
    static final TestPki ROGUE = new TestPki(DIR, "rogue");
    static final TestPki.Issued SERVER = PKI.server("xds-server");
    static final TestPki.Issued CLIENT_A = PKI.client("client-a", "spiffe://gantry.test/ns/team-a/gateway/gw-a");
    static final TestPki.Issued CLIENT_A_BY_SA = PKI.client("client-a-sa", "spiffe://gantry.test/ns/team-a/sa/gw-a");
    static final TestPki.Issued CLIENT_C = PKI.client("client-c", "spiffe://gantry.test/ns/team-c/gateway/gw-c");
    static final TestPki.Issued OTHER_DOMAIN = PKI.client("other-domain", "spiffe://elsewhere/ns/team-b/gateway/gw-b");
    static final TestPki.Issued ROGUE_B = ROGUE.client("rogue-b", "spiffe://gantry.test/ns/team-b/gateway/gw-b");

    /** The TokenReview API as a map: token to what Kubernetes would answer. */
    @TestConfiguration
    static class FakeKubernetes {
        @Bean
        @Primary
        TokenReviewer fakeTokenReviewer() {
            Map<String, TokenReviewer.Review> answers = Map.of(
                    "token-b", TokenReviewer.Review.authenticated("system:serviceaccount:team-b:gw-b", List.of(AUDIENCE)),
                    "token-other-sa", TokenReviewer.Review.authenticated("system:serviceaccount:team-b:default",
                            List.of(AUDIENCE)),
                    "token-wrong-audience", TokenReviewer.Review.authenticated("system:serviceaccount:team-b:gw-b",
                            List.of("https://kubernetes.default.svc")),
                    "token-user", TokenReviewer.Review.authenticated("jane@example.com", List.of(AUDIENCE)),
                    "token-listed", TokenReviewer.Review.authenticated("system:serviceaccount:team-b:deploy-bot",
                            List.of(AUDIENCE)),
                    "token-listed-name-other-ns", TokenReviewer.Review.authenticated(
                            "system:serviceaccount:team-a:deploy-bot", List.of(AUDIENCE)));
            return (token, audience) -> AUDIENCE.equals(audience)
                    ? answers.getOrDefault(token, TokenReviewer.Review.refused("invalid bearer token"))
                    : TokenReviewer.Review.refused("unexpected audience " + audience);
        }
    }

    /** GatewayParameters as the Kubernetes API would give them (the real reader is KubernetesListedServiceAccountsTest's). */
    @TestConfiguration
    static class ListedOnGatewayB {
        @Bean
        @Primary
        ListedServiceAccounts listedOnGatewayB() {
            return (namespace, gateway) -> namespace.equals("team-b") && gateway.equals("gw-b")
                    ? Set.of("deploy-bot") : Set.of();
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("gantry.redis.key-prefix", () -> PREFIX);
        registry.add("spring.ssl.bundle.pem.xds.keystore.certificate", () -> "file:" + SERVER.certificateFile());
        registry.add("spring.ssl.bundle.pem.xds.keystore.private-key", () -> "file:" + SERVER.keyFile());
        registry.add("spring.ssl.bundle.pem.xds.truststore.certificate", () -> "file:" + PKI.caFile());
    }

    @Autowired
    GrpcServerLifecycle grpcServer;
    @Autowired
    RedisTemplate<String, byte[]> gantrySnapshotRedisTemplate;
    @Autowired
    GatewaySnapshotRegistry registry;
    @Autowired
    StreamAuthorizer authorizer;
    @Autowired
    StreamsPerIdentity streamsPerIdentity;
    @Autowired
    MeterRegistry meters;

    @BeforeAll
    void writeGateways() {
        TranslatorLikeWriter writer = new TranslatorLikeWriter(gantrySnapshotRedisTemplate, new RedisLayout(PREFIX));
        writer.write(withSecret(GATEWAY_A, SECRET_A, KEY_A, "a.example.com"));
        writer.write(withSecret(GATEWAY_B, SECRET_B, KEY_B, "b.example.com"));
        await().atMost(Duration.ofSeconds(10)).until(() ->
                registry.heldVersion(GATEWAY_A) == 1 && registry.heldVersion(GATEWAY_B) == 1);
    }

    @AfterEach
    void everyStreamLetGo() {
        // per-stream and per-identity state must be freed once streams end, whatever way they ended
        await().atMost(Duration.ofSeconds(10)).until(() ->
                streamsPerIdentity.identities() == 0 && authorizer.trackedStreams() == 0);
    }

    @AfterAll
    void deleteKeys() {
        Set<String> keys = gantrySnapshotRedisTemplate.keys(PREFIX + "*");
        if (keys != null && !keys.isEmpty()) {
            gantrySnapshotRedisTemplate.delete(keys);
        }
    }

    // ---- refused ----

    @Test
    void aClientWithoutCredentialsIsUnauthenticatedAndGetsNothing() {
        try (RawAdsClient client = sotw(tls(null), null)) {
            client.request(envoy(GATEWAY_B), SECRET_TYPE_URL, SECRET_B).request(envoy(GATEWAY_B), LISTENER_TYPE_URL);
            assertThat(client.awaitEnd().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
            assertNothingOf(client, GATEWAY_B);
        }
    }

    @Test
    void aPlaintextClientIsNotServed() {
        ManagedChannel plaintext = Grpc.newChannelBuilderForAddress("127.0.0.1", grpcServer.getPort(),
                io.grpc.InsecureChannelCredentials.create()).build();
        try (RawAdsClient client = RawAdsClient.sotw(plaintext, AggregatedDiscoveryServiceGrpc.newStub(plaintext))) {
            client.request(envoy(GATEWAY_B), SECRET_TYPE_URL, SECRET_B);
            assertThat(client.awaitEnd().isOk()).isFalse();
            assertNothingOf(client, GATEWAY_B);
        }
    }

    @Test
    void aCertificateForGatewayAAskingForGatewayBIsPermissionDenied() {
        double before = denied("gateway_not_entitled");
        try (RawAdsClient client = sotw(tls(CLIENT_A), null)) {
            client.request(envoy(GATEWAY_B), SECRET_TYPE_URL, SECRET_B).request(envoy(GATEWAY_B), LISTENER_TYPE_URL);
            assertThat(client.awaitEnd().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
            assertNothingOf(client, GATEWAY_B);
        }
        assertThat(denied("gateway_not_entitled")).isEqualTo(before + 1);
    }

    @Test
    void aCertificateFromAnotherCaIsRefused() {
        try (RawAdsClient client = sotw(tls(ROGUE_B), null)) {
            client.request(envoy(GATEWAY_B), SECRET_TYPE_URL, SECRET_B);
            // the handshake fails (UNAVAILABLE) or, at the latest, the call has no identity (UNAUTHENTICATED)
            assertThat(client.awaitEnd().getCode()).isIn(Status.Code.UNAVAILABLE, Status.Code.UNAUTHENTICATED);
            assertNothingOf(client, GATEWAY_B);
        }
    }

    @Test
    void aCertificateOfAnotherTrustDomainIsUnauthenticated() {
        try (RawAdsClient client = sotw(tls(OTHER_DOMAIN), null)) {
            client.request(envoy(GATEWAY_B), SECRET_TYPE_URL, SECRET_B);
            assertThat(client.awaitEnd().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
            assertNothingOf(client, GATEWAY_B);
        }
    }

    @Test
    void tokensOfAnotherServiceAccountAudienceOrKindAreRefused() {
        for (String token : List.of("token-other-sa", "token-wrong-audience", "token-user", "forged")) {
            try (RawAdsClient client = sotw(tls(null), token)) {
                client.request(envoy(GATEWAY_B), SECRET_TYPE_URL, SECRET_B).request(envoy(GATEWAY_B), LISTENER_TYPE_URL);
                assertThat(client.awaitEnd().getCode()).as(token)
                        .isIn(Status.Code.UNAUTHENTICATED, Status.Code.PERMISSION_DENIED);
                assertNothingOf(client, GATEWAY_B);
            }
        }
    }

    @Test
    void aNodeCannotSwitchGatewayMidStream() {
        try (RawAdsClient client = sotw(tls(CLIENT_A), null)) {
            client.request(envoy(GATEWAY_A), LISTENER_TYPE_URL);
            await().atMost(Duration.ofSeconds(10)).until(() -> !client.sotwResponses().isEmpty());
            client.request(envoy(GATEWAY_B), SECRET_TYPE_URL, SECRET_B);
            assertThat(client.awaitEnd().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
            assertNothingOf(client, GATEWAY_B);
        }
    }

    @Test
    void deltaSubscriptionsToAnotherGatewaysNamesResolveOnlyInTheNodesOwnGateway() {
        try (RawAdsClient client = delta(tls(CLIENT_A))) {
            client.subscribe(envoy(GATEWAY_A), SECRET_TYPE_URL, List.of(SECRET_B, SECRET_A));
            await().atMost(Duration.ofSeconds(10)).until(() -> client.resources().size() == 1);
            assertThat(unpackSecrets(client.resources())).extracting(Secret::getName).containsExactly(SECRET_A);
            assertNothingOf(client, GATEWAY_B);
            assertThat(client.ended()).isNull();
        }
    }

    // ---- served ----

    @Test
    void theRightCertificateGetsExactlyItsOwnGatewayWithItsSecret() {
        for (TestPki.Issued certificate : List.of(CLIENT_A, CLIENT_A_BY_SA)) {
            try (RawAdsClient client = sotw(tls(certificate), null)) {
                client.request(envoy(GATEWAY_A), SECRET_TYPE_URL, SECRET_A).request(envoy(GATEWAY_A), LISTENER_TYPE_URL);
                await().atMost(Duration.ofSeconds(10)).until(() -> client.sotwResponses().size() == 2);
                Secret secret = unpackSecrets(client.resources()).get(0);
                assertThat(secret.getName()).isEqualTo(SECRET_A);
                assertThat(secret.getTlsCertificate().getPrivateKey().getInlineString()).isEqualTo(KEY_A);
                assertThat(unpackListeners(client.resources())).extracting(Listener::getName)
                        .containsExactly(TestGateways.socketListener(GATEWAY_A));
                assertNothingOf(client, GATEWAY_B);
                assertThat(client.ended()).isNull();
            }
        }
    }

    /** A stream must not outlive its certificate: it ends, UNAUTHENTICATED, when the certificate expires. */
    @Test
    void anOpenStreamEndsWhenItsCertificateExpires() {
        TestPki.Issued shortLived = PKI.client("short-lived-" + UUID.randomUUID(),
                java.time.Instant.now().plus(Duration.ofSeconds(15)), "spiffe://gantry.test/ns/team-a/gateway/gw-a");
        java.time.Instant notAfter = shortLived.certificate().getNotAfter().toInstant();
        double before = denied("credential_expired");
        try (RawAdsClient client = sotw(tls(shortLived), null)) {
            client.request(envoy(GATEWAY_A), LISTENER_TYPE_URL);
            await().atMost(Duration.ofSeconds(14)).until(() -> !client.sotwResponses().isEmpty());
            await().atMost(Duration.ofSeconds(60)).until(() -> client.ended() != null);
            assertThat(java.time.Instant.now()).isAfterOrEqualTo(notAfter);
            assertThat(client.ended().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
            assertThat(client.ended().getDescription()).contains("credential expired");
            assertThat(denied("credential_expired")).isEqualTo(before + 1);
        }
    }

    /** GatewayParameters of gw-b list team-b's deploy-bot: it reads gw-b, nothing else, and no namesake elsewhere. */
    @Test
    void aServiceAccountListedOnTheGatewayReadsItAndOnlyIt() {
        try (RawAdsClient client = sotw(tls(null), "token-listed")) {
            client.request(envoy(GATEWAY_B), SECRET_TYPE_URL, SECRET_B);
            await().atMost(Duration.ofSeconds(10)).until(() -> !client.sotwResponses().isEmpty());
            assertThat(unpackSecrets(client.resources())).extracting(Secret::getName).containsExactly(SECRET_B);
        }
        double before = denied("gateway_not_entitled");
        try (RawAdsClient client = sotw(tls(null), "token-listed")) {
            client.request(envoy(GATEWAY_A), LISTENER_TYPE_URL);
            assertThat(client.awaitEnd().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
            assertThat(client.receivedText()).doesNotContain("KEY-OF-A");
        }
        try (RawAdsClient client = sotw(tls(null), "token-listed-name-other-ns")) {
            client.request(envoy(GATEWAY_B), SECRET_TYPE_URL, SECRET_B);
            assertThat(client.awaitEnd().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
            assertThat(client.receivedText()).doesNotContain("KEY-OF-B");
        }
        assertThat(denied("gateway_not_entitled")).isEqualTo(before + 2);
    }

    @Test
    void theRightTokenGetsItsOwnGateway() {
        try (RawAdsClient client = sotw(tls(null), "token-b")) {
            client.request(envoy(GATEWAY_B), SECRET_TYPE_URL, SECRET_B);
            await().atMost(Duration.ofSeconds(10)).until(() -> !client.sotwResponses().isEmpty());
            assertThat(unpackSecrets(client.resources())).singleElement().satisfies(secret ->
                    assertThat(secret.getTlsCertificate().getPrivateKey().getInlineString()).isEqualTo(KEY_B));
            assertThat(client.receivedText()).doesNotContain("KEY-OF-A", "gw-a");
        }
    }

    @Test
    void aProxylessClientNeverReceivesAPrivateKey() {
        Node proxyless = envoy(GATEWAY_A).toBuilder().setMetadata(Struct.newBuilder().putFields(
                NodeView.PROXYLESS_METADATA_FIELD, Value.newBuilder().setBoolValue(true).build())).build();
        try (RawAdsClient client = sotw(tls(CLIENT_A), null)) {
            // requests on one stream are handled in order and answered at once when the snapshot holds the
            // names: by the time the listener answer is here, any Secret answer would have been sent before it
            client.request(proxyless, SECRET_TYPE_URL, SECRET_A).request(proxyless, SECRET_TYPE_URL)
                    .request(proxyless, LISTENER_TYPE_URL, "a.example.com");
            await().atMost(Duration.ofSeconds(10)).until(() -> client.sotwResponses().stream()
                    .anyMatch(r -> r.getTypeUrl().equals(LISTENER_TYPE_URL)));
            assertThat(client.receivedText()).doesNotContain("PRIVATE KEY", "KEY-OF-A");
            assertThat(unpackSecrets(client.resources())).isEmpty();
            assertThat(client.ended()).isNull();
        }
    }

    // ---- hostile ----

    @Test
    void aStreamSubscribingTo100000NamesIsCutOff() {
        double before = denied("too_many_names");
        List<String> names = IntStream.range(0, 100_000).mapToObj(i -> "c" + i).toList();
        try (RawAdsClient client = delta(tls(CLIENT_A))) {
            for (int from = 0; from < names.size() && client.ended() == null; from += 20_000) {
                client.subscribe(envoy(GATEWAY_A), CLUSTER_TYPE_URL, names.subList(from, from + 20_000));
            }
            Status status = client.awaitEnd();
            assertThat(status.getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
            assertThat(status.getDescription()).contains("10000 resource names");
        }
        try (RawAdsClient client = sotw(tls(CLIENT_A), null)) {
            client.request(envoy(GATEWAY_A), CLUSTER_TYPE_URL, names.toArray(String[]::new));
            assertThat(client.awaitEnd().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        }
        assertThat(denied("too_many_names")).isEqualTo(before + 2);
    }

    /**
     * The memory a hostile identity can make the server hold, measured: three streams (the identity's cap) each
     * subscribe to 1,000 names of 1,000 characters (just under the per-stream cap of 1 MiB of names). The heap grows
     * by a bounded amount while they are held, each stream is cut off at its next batch, and once they end the
     * memory is given back.
     */
    @Test
    void hostileSubscriptionsCostBoundedMemoryAndAreGivenBack() {
        long baseline = usedHeapAfterGc();
        double before = denied("too_many_names");
        List<RawAdsClient> clients = new java.util.ArrayList<>();
        try {
            for (int stream = 0; stream < 3; stream++) {
                RawAdsClient client = delta(tls(CLIENT_C));
                clients.add(client);
                for (int batch = 0; batch < 5; batch++) {
                    client.subscribe(envoy("team-c/gw-c"), CLUSTER_TYPE_URL, longNames(stream, batch, 200));
                }
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> authorizer.trackedNameChars() == 3 * 1_000 * 1_000L);
            long held = usedHeapAfterGc() - baseline;
            System.out.printf("hostile subscriptions: 3 streams x 1,000 names x 1,000 chars held; heap +%.1f MiB%n",
                    held / 1048576.0);
            assertThat(held).as("heap held for 3 MB of names").isLessThan(64L * 1024 * 1024);

            for (int stream = 0; stream < 3; stream++) {
                clients.get(stream).subscribe(envoy("team-c/gw-c"), CLUSTER_TYPE_URL, longNames(stream, 5, 200));
            }
            for (RawAdsClient client : clients) {
                Status status = client.awaitEnd();
                assertThat(status.getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
                assertThat(status.getDescription()).contains("characters");
            }
            assertThat(denied("too_many_names")).isEqualTo(before + 3);
        } finally {
            clients.forEach(RawAdsClient::close);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> authorizer.trackedStreams() == 0);
        long after = usedHeapAfterGc() - baseline;
        System.out.printf("hostile subscriptions: after the streams ended, heap %+.1f MiB against the start%n",
                after / 1048576.0);
        assertThat(after).as("heap given back").isLessThan(16L * 1024 * 1024);
    }

    private static List<String> longNames(int stream, int batch, int count) {
        return IntStream.range(0, count).mapToObj(i -> String.format("s%d-b%d-n%04d-", stream, batch, i))
                .map(prefix -> prefix + "x".repeat(1_000 - prefix.length())).toList();
    }

    /** Used heap after full collections (the least of three, to leave out what a collection could not reach yet). */
    private static long usedHeapAfterGc() {
        var memory = java.lang.management.ManagementFactory.getMemoryMXBean();
        long least = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            least = Math.min(least, memory.getHeapMemoryUsage().getUsed());
        }
        return least;
    }

    @Test
    void anOversizedRequestIsCutOff() {
        try (RawAdsClient client = sotw(tls(CLIENT_A), null)) {
            client.request(envoy(GATEWAY_A), CLUSTER_TYPE_URL, "x".repeat(3 * 1024 * 1024));
            // the server refuses the message by its length prefix (RESOURCE_EXHAUSTED) and resets the stream; a
            // client still writing the rest of its 3 MB sees either the status or the reset, whichever comes first
            assertThat(client.awaitEnd().getCode())
                    .isIn(Status.Code.RESOURCE_EXHAUSTED, Status.Code.UNAVAILABLE, Status.Code.CANCELLED);
            assertThat(client.resources()).isEmpty();
        }
    }

    @Test
    void oneIdentityHoldsAtMostTheConfiguredNumberOfStreams() {
        List<RawAdsClient> held = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                RawAdsClient client = sotw(tls(CLIENT_C), null);
                held.add(client);
                client.request(envoy("team-c/gw-c"), LISTENER_TYPE_URL);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> streamsPerIdentity.openFor("gateway:team-c/gw-c") == 3);
            try (RawAdsClient fourth = sotw(tls(CLIENT_C), null)) {
                fourth.request(envoy("team-c/gw-c"), LISTENER_TYPE_URL);
                Status status = fourth.awaitEnd();
                assertThat(status.getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
                assertThat(status.getDescription()).contains("too many open streams");
            }
            assertThat(held).allSatisfy(c -> assertThat(c.ended()).isNull());
        } finally {
            held.forEach(RawAdsClient::close);
        }
    }

    // ---- helpers ----

    private void assertNothingOf(RawAdsClient client, String gateway) {
        String slug = TestGateways.slug(gateway);
        assertThat(client.receivedText()).doesNotContain(slug, gateway.equals(GATEWAY_B) ? "KEY-OF-B" : "KEY-OF-A",
                gateway.equals(GATEWAY_B) ? SECRET_B : SECRET_A);
        if (gateway.equals(GATEWAY_B)) {
            assertThat(client.receivedText()).doesNotContain("b.example.com");
        }
    }

    // ---- proxyless gRPC (grpc-xds itself, with the "tls" channel credentials of its bootstrap) ----

    @Test
    void aProxylessClientWithItsCertificateRoutesRpcsAndOneAskingForAnotherGatewayIsRefused() throws Exception {
        io.grpc.Server backend = io.grpc.netty.NettyServerBuilder.forAddress(
                        new java.net.InetSocketAddress("127.0.0.1", 0))
                .addService(new io.grpc.testing.protobuf.SimpleServiceGrpc.SimpleServiceImplBase() {
                    @Override
                    public void unaryRpc(io.grpc.testing.protobuf.SimpleRequest request,
                            io.grpc.stub.StreamObserver<io.grpc.testing.protobuf.SimpleResponse> response) {
                        response.onNext(io.grpc.testing.protobuf.SimpleResponse.newBuilder()
                                .setResponseMessage("c-backend").build());
                        response.onCompleted();
                    }
                }).build().start();
        new TranslatorLikeWriter(gantrySnapshotRedisTemplate, new RedisLayout(PREFIX))
                .write(TestGateways.gateway("team-c/gw-c", 1, "c.example.com", backend.getPort()).build());
        await().atMost(Duration.ofSeconds(10)).until(() -> registry.heldVersion("team-c/gw-c") == 1);
        ManagedChannel entitled = grpcXds("xds-mtls-c", CLIENT_C, "team-c/gw-c", "c.example.com");
        double refusedBefore = denied("gateway_not_entitled");
        ManagedChannel other = grpcXds("xds-mtls-c-as-b", CLIENT_C, GATEWAY_B, "b.example.com");
        try {
            var stub = io.grpc.testing.protobuf.SimpleServiceGrpc.newBlockingStub(entitled);
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> assertThat(stub
                    .withDeadlineAfter(5, java.util.concurrent.TimeUnit.SECONDS)
                    .unaryRpc(io.grpc.testing.protobuf.SimpleRequest.getDefaultInstance()).getResponseMessage())
                    .isEqualTo("c-backend"));

            var refused = io.grpc.testing.protobuf.SimpleServiceGrpc.newBlockingStub(other);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> refused
                    .withDeadlineAfter(5, java.util.concurrent.TimeUnit.SECONDS)
                    .unaryRpc(io.grpc.testing.protobuf.SimpleRequest.getDefaultInstance()))
                    .isInstanceOf(io.grpc.StatusRuntimeException.class);
            await().atMost(Duration.ofSeconds(30)).until(() -> denied("gateway_not_entitled") > refusedBefore);
        } finally {
            entitled.shutdownNow();
            other.shutdownNow();
            backend.shutdownNow();
        }
    }

    /**
     * A grpc-xds channel with a bootstrap of its own (its own scheme, so it shares nothing with other tests'
     * xDS clients): the server dialled by name with TLS, this client certificate presented.
     */
    private ManagedChannel grpcXds(String scheme, TestPki.Issued certificate, String gateway, String host) {
        Map<String, Object> tls = Map.of("type", "tls", "config", Map.of(
                "ca_certificate_file", PKI.caFile().toString(),
                "certificate_file", certificate.certificateFile().toString(),
                "private_key_file", certificate.keyFile().toString()));
        Map<String, Object> bootstrap = Map.of(
                "xds_servers", List.of(Map.of("server_uri", "localhost:" + grpcServer.getPort(),
                        "channel_creds", List.of(tls), "server_features", List.of("xds_v3"))),
                "node", Map.of("id", scheme + "-client", "cluster", gateway, "locality", Map.of("zone", "a")));
        io.grpc.NameResolverRegistry.getDefaultRegistry()
                .register(io.grpc.xds.XdsNameResolverProvider.createForTest(scheme, bootstrap));
        return Grpc.newChannelBuilder(scheme + ":///" + host, io.grpc.InsecureChannelCredentials.create()).build();
    }

    private double denied(String reason) {
        Counter counter = meters.find("gantry.xds.auth.denied").tag("reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }

    private static Node envoy(String gateway) {
        return Node.newBuilder().setId("node-" + UUID.randomUUID()).setCluster(gateway).setUserAgentName("envoy").build();
    }

    private ManagedChannel tls(TestPki.Issued clientCertificate) {
        try {
            TlsChannelCredentials.Builder credentials = TlsChannelCredentials.newBuilder()
                    .trustManager(PKI.caFile().toFile());
            if (clientCertificate != null) {
                credentials.keyManager(clientCertificate.certificateFile().toFile(), clientCertificate.keyFile().toFile());
            }
            ChannelCredentials built = credentials.build();
            return Grpc.newChannelBuilderForAddress("127.0.0.1", grpcServer.getPort(), built)
                    .maxInboundMessageSize(16 * 1024 * 1024).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static RawAdsClient sotw(ManagedChannel channel, String token) {
        return RawAdsClient.sotw(channel, stub(channel, token));
    }

    private static RawAdsClient delta(ManagedChannel channel) {
        return RawAdsClient.delta(channel, stub(channel, null));
    }

    private static AggregatedDiscoveryServiceGrpc.AggregatedDiscoveryServiceStub stub(ManagedChannel channel,
                                                                                     String token) {
        var stub = AggregatedDiscoveryServiceGrpc.newStub(channel);
        if (token == null) {
            return stub;
        }
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
        return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
    }

    private static GatewaySnapshot withSecret(String gateway, String sdsName, String key, String host) {
        Secret secret = Secret.newBuilder().setName(sdsName).setTlsCertificate(TlsCertificate.newBuilder()
                .setCertificateChain(DataSource.newBuilder().setInlineString("-----BEGIN CERTIFICATE-----\nC\n"))
                .setPrivateKey(DataSource.newBuilder().setInlineString(key))).build();
        return TestGateways.gateway(gateway, 1, host, 9443).addSecrets(Any.pack(secret)).build();
    }

    private static List<Secret> unpackSecrets(List<Any> resources) {
        return resources.stream().filter(a -> a.is(Secret.class)).map(a -> unpack(a, Secret.class)).toList();
    }

    private static List<Listener> unpackListeners(List<Any> resources) {
        return resources.stream().filter(a -> a.is(Listener.class)).map(a -> unpack(a, Listener.class)).toList();
    }

    private static <T extends com.google.protobuf.Message> T unpack(Any any, Class<T> type) {
        try {
            return any.unpack(type);
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
    }

    private static Path tempDir() {
        try {
            Path dir = Files.createTempDirectory("gantry-xds-auth");
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
