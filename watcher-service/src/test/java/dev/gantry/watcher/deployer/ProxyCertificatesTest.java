package dev.gantry.watcher.deployer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewayClass;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The deployer's xDS client certificates and the TLS bootstrap, against fabric8's CRUD mock API server. */
@EnableKubernetesMockClient(crud = true)
class ProxyCertificatesTest {

    static KubernetesMockServer server;
    static KubernetesClient client;

    static final String NS = ProxyDeployerTest.NS;
    static final String SPIFFE = "spiffe://cluster.local/ns/shop/gateway/shop";
    final DeployerProperties properties = new DeployerProperties(true, "xds.example:18000", null, null,
            Duration.ofMinutes(5));
    final ProxyTlsProperties tls = ProxyTlsProperties.defaults();
    ProxyDeployer deployer;

    @BeforeEach
    void setUp() {
        deployer = new ProxyDeployer(client, properties, TestApply.STRATEGY,
                new ProxyCertificates(client, tls, Clock.systemUTC()));
        client.resources(GatewayClass.class).resource(ProxyDeployerTest.gatewayClass("gantry",
                ProxyDeployer.CONTROLLER_NAME, null)).create();
    }

    @AfterEach
    void tearDown() {
        client.resources(Gateway.class).inAnyNamespace().delete();
        client.resources(GatewayClass.class).delete();
        client.secrets().inAnyNamespace().delete();
        client.services().inAnyNamespace().delete();
        client.apps().deployments().inAnyNamespace().delete();
        client.configMaps().inAnyNamespace().delete();
        client.serviceAccounts().inAnyNamespace().delete();
    }

    @Test
    void gatewayGetsAClientCertificateWithItsSpiffeIdSignedByTheCa() throws Exception {
        Gateway gateway = createGateway();

        deployer.reconcile(gateway);

        Secret ca = client.secrets().inNamespace("gantry-system").withName("gantry-xds-ca").get();
        assertThat(ca).as("generated, as generate-ca allows").isNotNull();
        X509Certificate caCertificate = Pem.certificate(Pem.unbase64(ca.getData().get("ca.crt")));

        Secret secret = client.secrets().inNamespace(NS).withName("shop-xds-client").get();
        assertThat(secret.getType()).isEqualTo("kubernetes.io/tls");
        assertThat(secret.getData()).containsKeys("tls.crt", "tls.key", "ca.crt");
        X509Certificate certificate = certificate(secret);
        assertThat(ProxyCertificates.uris(certificate)).containsExactly(SPIFFE);
        certificate.verify(caCertificate.getPublicKey());
        assertThat(certificate.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");
        assertThat(certificate.getPublicKey().getAlgorithm()).isEqualTo("EC");
        assertThat(Duration.between(certificate.getNotBefore().toInstant(), certificate.getNotAfter().toInstant()))
                .isBetween(Duration.ofHours(24), Duration.ofHours(25));
        assertThat(Pem.certificate(Pem.unbase64(secret.getData().get("ca.crt")))).isEqualTo(caCertificate);
        assertKeyMatches(Pem.privateKey(Pem.unbase64(secret.getData().get("tls.key"))), certificate);
        assertThat(secret.getMetadata().getOwnerReferences()).singleElement().satisfies(owner -> {
            assertThat(owner.getKind()).isEqualTo("Gateway");
            assertThat(owner.getUid()).isEqualTo(gateway.getMetadata().getUid());
        });
    }

    @Test
    void bootstrapDialsXdsWithTlsFromTheMountedSecret() throws Exception {
        deployer.reconcile(createGateway());

        ConfigMap bootstrap = client.configMaps().inNamespace(NS).withName("shop").get();
        ObjectMapper json = new ObjectMapper();
        JsonNode xds = json.readTree(bootstrap.getData().get("envoy.json")).at("/static_resources/clusters/0");
        assertThat(xds.at("/name").asText()).isEqualTo("gantry-xds");
        JsonNode socket = xds.at("/transport_socket");
        assertThat(socket.at("/name").asText()).isEqualTo("envoy.transport_sockets.tls");
        assertThat(socket.at("/typed_config/sni").asText()).isEqualTo("xds.example");
        JsonNode common = socket.at("/typed_config/common_tls_context");
        JsonNode certificateSds = common.at("/tls_certificate_sds_secret_configs/0/sds_config/path_config_source");
        assertThat(certificateSds.at("/path").asText()).isEqualTo("/etc/envoy/sds-xds-certificate.json");
        assertThat(certificateSds.at("/watched_directory/path").asText()).isEqualTo("/etc/envoy/xds-tls");
        assertThat(common.at("/combined_validation_context/validation_context_sds_secret_config/sds_config"
                + "/path_config_source/path").asText()).isEqualTo("/etc/envoy/sds-xds-validation.json");

        JsonNode certificate = json.readTree(bootstrap.getData().get("sds-xds-certificate.json"))
                .at("/resources/0/tls_certificate");
        assertThat(certificate.at("/certificate_chain/filename").asText()).isEqualTo("/etc/envoy/xds-tls/tls.crt");
        assertThat(certificate.at("/private_key/filename").asText()).isEqualTo("/etc/envoy/xds-tls/tls.key");
        assertThat(json.readTree(bootstrap.getData().get("sds-xds-validation.json"))
                .at("/resources/0/validation_context/trusted_ca/filename").asText())
                .isEqualTo("/etc/envoy/xds-tls/ca.crt");

        var pod = client.apps().deployments().inNamespace(NS).withName("shop").get().getSpec().getTemplate()
                .getSpec();
        assertThat(pod.getVolumes()).filteredOn(volume -> volume.getSecret() != null).singleElement()
                .extracting(Volume::getSecret).satisfies(secret ->
                        assertThat(secret.getSecretName()).isEqualTo("shop-xds-client"));
        assertThat(pod.getContainers().get(0).getVolumeMounts())
                .anySatisfy(mount -> assertThat(mount.getMountPath()).isEqualTo("/etc/envoy/xds-tls"));
    }

    @Test
    void plaintextDeployerWritesNoTransportSocketAndNoSecret() {
        new ProxyDeployer(client, properties, TestApply.STRATEGY).reconcile(createGateway());

        assertThat(client.configMaps().inNamespace(NS).withName("shop").get().getData().get("envoy.json"))
                .doesNotContain("transport_socket");
        assertThat(client.secrets().inNamespace(NS).withName("shop-xds-client").get()).isNull();
    }

    @Test
    void aCertificateWithLessThanAThirdOfItsLifetimeLeftIsReissued() throws Exception {
        Gateway gateway = createGateway();
        // issued 17 h ago: 7 h of 24 left, under the third (8 h)
        Clock past = Clock.fixed(Instant.now().minus(Duration.ofHours(17)), ZoneOffset.UTC);
        new ProxyCertificates(client, tls, past).ensure(gateway);
        X509Certificate old = certificate(client.secrets().inNamespace(NS).withName("shop-xds-client").get());

        deployer.reconcile(gateway);

        X509Certificate renewed = certificate(client.secrets().inNamespace(NS).withName("shop-xds-client").get());
        assertThat(renewed.getSerialNumber()).isNotEqualTo(old.getSerialNumber());
        assertThat(renewed.getNotAfter()).isAfter(old.getNotAfter());
        assertThat(ProxyCertificates.uris(renewed)).containsExactly(SPIFFE);
    }

    @Test
    void aCertificateWithMoreThanAThirdLeftIsKept() throws Exception {
        Gateway gateway = createGateway();
        Clock past = Clock.fixed(Instant.now().minus(Duration.ofHours(15)), ZoneOffset.UTC);
        ProxyCertificates certificates = new ProxyCertificates(client, tls, past);
        certificates.ensure(gateway);
        X509Certificate issued = certificate(client.secrets().inNamespace(NS).withName("shop-xds-client").get());

        deployer.reconcile(gateway);

        assertThat(certificate(client.secrets().inNamespace(NS).withName("shop-xds-client").get())
                .getSerialNumber()).isEqualTo(issued.getSerialNumber());
    }

    @Test
    void aCertificateOfAnotherCaIsReplaced() throws Exception {
        Gateway gateway = createGateway();
        CertificateAuthority foreign = CertificateAuthority.generate("foreign", Clock.systemUTC());
        var issued = foreign.issueClient(SPIFFE, Duration.ofHours(24));
        client.secrets().inNamespace(NS).resource(new SecretBuilder().withNewMetadata().withName("shop-xds-client")
                .withNamespace(NS).endMetadata().withType("kubernetes.io/tls")
                .addToData("tls.crt", Pem.base64(issued.certificatePem()))
                .addToData("tls.key", Pem.base64(issued.keyPem()))
                .addToData("ca.crt", Pem.base64(issued.caPem())).build()).create();

        deployer.reconcile(gateway);

        X509Certificate caCertificate = Pem.certificate(Pem.unbase64(client.secrets().inNamespace("gantry-system")
                .withName("gantry-xds-ca").get().getData().get("ca.crt")));
        certificate(client.secrets().inNamespace(NS).withName("shop-xds-client").get())
                .verify(caCertificate.getPublicKey());
    }

    @Test
    void removingTheProxyDeletesItsCertificate() {
        deployer.reconcile(createGateway());
        assertThat(client.secrets().inNamespace(NS).withName("shop-xds-client").get()).isNotNull();

        deployer.remove(NS, "shop");

        assertThat(client.secrets().inNamespace(NS).withName("shop-xds-client").get()).isNull();
    }

    @Test
    void anExistingCaIsUsedAndAMissingOneIsAnErrorWhenGenerationIsOff() throws Exception {
        ProxyTlsProperties noGeneration = new ProxyTlsProperties(true, null, null, false, "", null, null, null, null);
        ProxyCertificates certificates = new ProxyCertificates(client, noGeneration, Clock.systemUTC());
        Gateway gateway = createGateway();
        assertThatThrownBy(() -> certificates.ensure(gateway)).hasMessageContaining("gantry-xds-ca");

        CertificateAuthority ca = CertificateAuthority.generate("operator-ca", Clock.systemUTC());
        client.secrets().inNamespace("gantry-system").resource(new SecretBuilder().withNewMetadata()
                .withName("gantry-xds-ca").withNamespace("gantry-system").endMetadata()
                .addToData("ca.crt", Pem.base64(Pem.encode(ca.certificate())))
                .addToData("ca.key", Pem.base64(Pem.encode(ca.key()))).build()).create();
        new ProxyCertificates(client, noGeneration, Clock.systemUTC()).ensure(gateway);

        certificate(client.secrets().inNamespace(NS).withName("shop-xds-client").get())
                .verify(ca.certificate().getPublicKey());
    }

    @Test
    void xdsServerSecretIsIssuedWhenMissingAndLeftAloneWhenPresent() throws Exception {
        deployer.reconcile(createGateway());

        Secret server = client.secrets().inNamespace("gantry-system").withName("gantry-xds-tls").get();
        assertThat(server.getType()).isEqualTo("kubernetes.io/tls");
        X509Certificate certificate = certificate(server);
        assertThat(certificate.getSubjectAlternativeNames().stream().map(name -> (Object) name.get(1)).toList())
                .contains("xds.example");
        assertThat(certificate.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");

        ProxyCertificates again = new ProxyCertificates(client, tls, Clock.systemUTC());
        assertThat(again.ensureServerSecret("xds.example")).isFalse();
        assertThat(certificate(client.secrets().inNamespace("gantry-system").withName("gantry-xds-tls").get())
                .getSerialNumber()).isEqualTo(certificate.getSerialNumber());
    }

    @Test
    void policyServiceSecretsAreIssuedFromTheProxiesCaAndLeftAloneWhenPresent() throws Exception {
        deployer.reconcile(createGateway());

        Secret ratelimit = client.secrets().inNamespace("gantry-system").withName("gantry-ratelimit-tls").get();
        assertThat(ratelimit.getType()).isEqualTo("kubernetes.io/tls");
        X509Certificate certificate = certificate(ratelimit);
        assertThat(certificate.getSubjectAlternativeNames().stream().map(name -> (Object) name.get(1)).toList())
                .contains("gantry-ratelimit.gantry-system.svc", "gantry-ratelimit.gantry-system.svc.cluster.local");
        assertThat(certificate.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
        // the CA that signs the proxies' client certificates, which the service trusts to tell a proxy
        X509Certificate clientCertificate = certificate(client.secrets().inNamespace(NS).withName("shop-xds-client").get());
        assertThat(Pem.unbase64(ratelimit.getData().get("ca.crt")))
                .isEqualTo(Pem.unbase64(client.secrets().inNamespace(NS).withName("shop-xds-client").get().getData()
                        .get("ca.crt")));
        certificate.verify(Pem.certificate(Pem.unbase64(ratelimit.getData().get("ca.crt"))).getPublicKey());
        clientCertificate.verify(Pem.certificate(Pem.unbase64(ratelimit.getData().get("ca.crt"))).getPublicKey());
        assertThat(client.secrets().inNamespace("gantry-system").withName("gantry-extauth-tls").get()).isNotNull();

        ProxyCertificates again = new ProxyCertificates(client, tls, Clock.systemUTC());
        assertThat(again.ensurePolicyServiceSecrets()).isEmpty();
        assertThat(certificate(client.secrets().inNamespace("gantry-system").withName("gantry-ratelimit-tls").get())
                .getSerialNumber()).isEqualTo(certificate.getSerialNumber());
    }

    @Test
    void aCertManagerCaSecretIsReadFromTlsCrtAndTlsKey() throws Exception {
        ProxyTlsProperties noGeneration = new ProxyTlsProperties(true, null, null, false, "", null, null, null, null);
        CertificateAuthority ca = CertificateAuthority.generate("cert-manager-ca", Clock.systemUTC());
        client.secrets().inNamespace("gantry-system").resource(new SecretBuilder().withNewMetadata()
                .withName("gantry-xds-ca").withNamespace("gantry-system").endMetadata().withType("kubernetes.io/tls")
                .addToData("tls.crt", Pem.base64(Pem.encode(ca.certificate())))
                .addToData("tls.key", Pem.base64(Pem.encode(ca.key())))
                .addToData("ca.crt", Pem.base64(Pem.encode(ca.certificate()))).build()).create();

        new ProxyCertificates(client, noGeneration, Clock.systemUTC()).ensure(createGateway());

        certificate(client.secrets().inNamespace(NS).withName("shop-xds-client").get())
                .verify(ca.certificate().getPublicKey());
    }

    @Test
    void theControllerIssuesTheServerSecretOnAFreshInstallWithoutGateways() {
        try (ProxyDeployerController controller = new ProxyDeployerController(client, deployer, properties,
                () -> true)) {
            controller.start();

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                    client.secrets().inNamespace("gantry-system").withName("gantry-xds-tls").get()).isNotNull());
        }
    }

    @Test
    void serverNamesCoverTheServiceForms() {
        assertThat(ProxyCertificates.serverNames("gantry-xds.gantry-system.svc")).containsExactly(
                "gantry-xds.gantry-system.svc", "gantry-xds", "gantry-xds.gantry-system",
                "gantry-xds.gantry-system.svc.cluster.local");
        assertThat(ProxyCertificates.serverNames("localhost")).isEqualTo(List.of("localhost"));
    }

    private static Gateway createGateway() {
        return client.resources(Gateway.class).resource(ProxyDeployerTest.gateway("shop", "gantry", null)).create();
    }

    private static X509Certificate certificate(Secret secret) {
        return Pem.certificate(Pem.unbase64(secret.getData().get("tls.crt")));
    }

    private static void assertKeyMatches(PrivateKey key, X509Certificate certificate) throws Exception {
        byte[] message = "gantry".getBytes();
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(key);
        signer.update(message);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance("SHA256withECDSA");
        verifier.initVerify(certificate.getPublicKey());
        verifier.update(message);
        assertThat(verifier.verify(signature)).isTrue();
    }
}
