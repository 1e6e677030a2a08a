package dev.gantry.xds;

import static dev.gantry.xds.AdsTestClient.unpack;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.Any;
import dev.gantry.proto.GatewaySnapshot;
import dev.gantry.proto.secrets.SecretCipher;
import dev.gantry.proto.secrets.SecretKeys;
import io.envoyproxy.controlplane.cache.Resources;
import io.envoyproxy.envoy.config.core.v3.DataSource;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.TlsCertificate;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.client.RestClient;

/**
 * A translator-written snapshot holds the TLS key sealed as the watcher sealed it; an Envoy asking over ADS for
 * the SDS Secret receives the PEM, and a snapshot whose key does not open is refused while the last good one
 * keeps being served.
 */
class SealedSecretsOverAdsTest extends XdsServiceTestSupport {

    private static final String SDS = Resources.V3.SECRET_TYPE_URL;
    private static final String PEM_KEY = "-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg\n"
            + "-----END PRIVATE KEY-----\n";
    private static final String PEM_CERT = "-----BEGIN CERTIFICATE-----\nMIIBkTCCATegAwIBAgIU\n-----END CERTIFICATE-----\n";
    private static final SecretCipher WATCHER = new SecretCipher(SecretKeys.of(SECRET_KEY_ID, Map.of(SECRET_KEY_ID, SECRET_KEY)));

    @LocalServerPort
    int httpPort;

    private static String sealedFor(String secretKey, String pem) {
        return WATCHER.encrypt(SecretCipher.aad(secretKey, "tls.key"), pem.getBytes(StandardCharsets.UTF_8));
    }

    private static GatewaySnapshot withSecret(String gateway, long version, String sdsName, String privateKey) {
        Secret secret = Secret.newBuilder().setName(sdsName).setTlsCertificate(TlsCertificate.newBuilder()
                .setCertificateChain(DataSource.newBuilder().setInlineString(PEM_CERT))
                .setPrivateKey(DataSource.newBuilder().setInlineString(privateKey))).build();
        return TestGateways.gateway(gateway, version, "secure.sds.example.com", 9443).addSecrets(Any.pack(secret)).build();
    }

    @Test
    void envoyReceivesTheOpenedKeyOverSdsAndABadlySealedSnapshotIsRefused() {
        String gateway = "sds/gw";
        String sdsName = "sds/site-cert";
        GatewaySnapshot sealed = withSecret(gateway, 1, sdsName, sealedFor("/Secret/sds/site-cert", PEM_KEY));
        assertThat(new String(sealed.toByteArray(), StandardCharsets.ISO_8859_1)).doesNotContain("PRIVATE KEY");
        writer().write(sealed);
        Node envoy = Node.newBuilder().setId("envoy-sds").setCluster(gateway).setUserAgentName("envoy").build();

        try (AdsTestClient client = new AdsTestClient(xdsChannel(), envoy)) {
            client.request(SDS, sdsName);
            DiscoveryResponse sds = client.awaitVersion(SDS, ServedVersions.envoy(sealed, SDS, sdsName));
            assertThat(unpack(sds, Secret.class)).singleElement().satisfies(secret -> {
                assertThat(secret.getName()).isEqualTo(sdsName);
                assertThat(secret.getTlsCertificate().getPrivateKey().getInlineString()).isEqualTo(PEM_KEY);
                assertThat(secret.getTlsCertificate().getCertificateChain().getInlineString()).isEqualTo(PEM_CERT);
            });
            client.ack(sds, sdsName);

            // version 2 carries a key sealed for another Secret: refused, version 1 stays
            double rejectedBefore = counter("gantry.xds.snapshots.rejected", "reason", "secret");
            GatewaySnapshot refused = withSecret(gateway, 2, sdsName,
                    sealedFor("/Secret/sds/elsewhere", "-----BEGIN PRIVATE KEY-----\nX\n"));
            writer().write(refused);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(counter("gantry.xds.snapshots.rejected", "reason", "secret")).isEqualTo(rejectedBefore + 1));

            // version 3 is sealed properly again and is served
            GatewaySnapshot resealed = withSecret(gateway, 3, sdsName, sealedFor("/Secret/sds/site-cert", PEM_KEY + "\n"));
            writer().write(resealed);
            DiscoveryResponse sds3 = client.awaitVersion(SDS, ServedVersions.envoy(resealed, SDS, sdsName));
            String refusedVersion = ServedVersions.envoy(refused, SDS, sdsName);
            assertThat(client.received(SDS)).noneMatch(r -> r.getVersionInfo().equals(refusedVersion));
            assertThat(unpack(sds3, Secret.class).get(0).getTlsCertificate().getPrivateKey().getInlineString())
                    .isEqualTo(PEM_KEY + "\n");
        }

        String view = RestClient.create().get().uri("http://127.0.0.1:" + httpPort + "/actuator/snapshots")
                .header("Authorization", "Bearer test-actuator-token").retrieve().body(String.class);
        assertThat(view).contains("sds/gw").doesNotContain("PRIVATE KEY", "gantry-enc", "MIGHAgEA");
    }
}
