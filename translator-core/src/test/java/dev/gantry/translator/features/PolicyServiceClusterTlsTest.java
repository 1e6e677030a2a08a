package dev.gantry.translator.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.translator.validation.EnvoyValidator;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.CommonTlsContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.SdsSecretConfig;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.SubjectAltNameMatcher;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext;
import org.junit.jupiter.api.Test;

/** The clusters of ratelimit-service and extauth-service dial them with TLS as {@link PolicyServicesTls} says. */
class PolicyServiceClusterTlsTest {

    private static final String HOST = "gantry-ratelimit.gantry-system.svc.cluster.local";

    @Test
    void withoutTlsTheClusterIsPlaintext() {
        Cluster cluster = ServiceClusters.grpc("gantry~ratelimit", HOST, 18001, null);
        assertThat(cluster.hasTransportSocket()).isFalse();
        assertThat(EnvoyValidator.shared().validate(cluster)).isEmpty();
    }

    @Test
    void sdsFilesNameTheDeployersCertificateAndCaAndTheServiceIsCheckedByItsHost() throws Exception {
        PolicyServicesTls tls = new PolicyServicesTls(
                new PolicyServicesTls.SdsFile("xds-ca", "/etc/envoy/sds-xds-validation.json", "/etc/envoy/xds-tls"),
                new PolicyServicesTls.SdsFile("xds-client-certificate", "/etc/envoy/sds-xds-certificate.json",
                        "/etc/envoy/xds-tls"));
        Cluster cluster = ServiceClusters.grpc("gantry~ratelimit", HOST, 18001, tls);

        assertThat(EnvoyValidator.shared().validate(cluster)).isEmpty();
        assertThat(cluster.getTransportSocket().getName()).isEqualTo("envoy.transport_sockets.tls");
        UpstreamTlsContext context = cluster.getTransportSocket().getTypedConfig().unpack(UpstreamTlsContext.class);
        assertThat(context.getSni()).isEqualTo(HOST);
        CommonTlsContext common = context.getCommonTlsContext();
        assertThat(common.getAlpnProtocolsList()).containsExactly("h2");
        SdsSecretConfig certificate = common.getTlsCertificateSdsSecretConfigs(0);
        assertThat(certificate.getName()).isEqualTo("xds-client-certificate");
        assertThat(certificate.getSdsConfig().getPathConfigSource().getPath()).isEqualTo("/etc/envoy/sds-xds-certificate.json");
        assertThat(certificate.getSdsConfig().getPathConfigSource().getWatchedDirectory().getPath())
                .isEqualTo("/etc/envoy/xds-tls");
        var validation = common.getCombinedValidationContext();
        assertThat(validation.getValidationContextSdsSecretConfig().getName()).isEqualTo("xds-ca");
        SubjectAltNameMatcher san = validation.getDefaultValidationContext().getMatchTypedSubjectAltNames(0);
        assertThat(san.getSanType()).isEqualTo(SubjectAltNameMatcher.SanType.DNS);
        assertThat(san.getMatcher().getExact()).isEqualTo(HOST);
    }

    @Test
    void filesAreNamedInlineAndAClientCertificateIsOptional() throws Exception {
        PolicyServicesTls withFiles = new PolicyServicesTls(new PolicyServicesTls.CaFile("/certs/ca.crt"),
                new PolicyServicesTls.CertificateFiles("/certs/envoy-client.crt", "/certs/envoy-client.key"));
        Cluster cluster = ServiceClusters.grpc("gantry~extauth", "extauth-service", 18002, withFiles);
        assertThat(EnvoyValidator.shared().validate(cluster)).isEmpty();
        CommonTlsContext common = cluster.getTransportSocket().getTypedConfig().unpack(UpstreamTlsContext.class)
                .getCommonTlsContext();
        assertThat(common.getValidationContext().getTrustedCa().getFilename()).isEqualTo("/certs/ca.crt");
        assertThat(common.getValidationContext().getMatchTypedSubjectAltNames(0).getMatcher().getExact())
                .isEqualTo("extauth-service");
        assertThat(common.getTlsCertificates(0).getCertificateChain().getFilename()).isEqualTo("/certs/envoy-client.crt");
        assertThat(common.getTlsCertificates(0).getPrivateKey().getFilename()).isEqualTo("/certs/envoy-client.key");

        Cluster serverOnly = ServiceClusters.grpc("gantry~extauth", "extauth-service", 18002,
                new PolicyServicesTls(new PolicyServicesTls.CaFile("/certs/ca.crt"), null));
        assertThat(EnvoyValidator.shared().validate(serverOnly)).isEmpty();
        assertThat(serverOnly.getTransportSocket().getTypedConfig().unpack(UpstreamTlsContext.class)
                .getCommonTlsContext().getTlsCertificatesCount()).isZero();
    }

    @Test
    void settingsEnvoyCouldNotUseAreRefusedWithTheReason() {
        assertThatThrownBy(() -> new PolicyServicesTls.CaFile("certs/ca.crt"))
                .hasMessageContaining("'certs/ca.crt' must be an absolute path on the proxy");
        assertThatThrownBy(() -> new PolicyServicesTls.SdsFile(" ", "/etc/envoy/sds.json", null))
                .hasMessageContaining("SDS secret name missing");
        assertThatThrownBy(() -> new PolicyServicesTls(new PolicyServicesTls.CaFile("/ca.crt"),
                new PolicyServicesTls.CaFile("/ca.crt"))).hasMessageContaining("not a CA file");
        assertThatThrownBy(() -> new PolicyServicesTls(
                new PolicyServicesTls.CertificateFiles("/a.crt", "/a.key"), null)).hasMessageContaining("not a key pair");
    }
}
