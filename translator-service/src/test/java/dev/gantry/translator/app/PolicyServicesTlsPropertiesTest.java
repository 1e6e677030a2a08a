package dev.gantry.translator.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.translator.features.PolicyServices;
import dev.gantry.translator.features.PolicyServicesTls;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** {@code gantry.policy-services.tls.*} as Spring binds it, turned into what the translator emits. */
class PolicyServicesTlsPropertiesTest {

    private static PolicyServices bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("gantry", TranslatorProperties.class).policyServices().toPolicyServices();
    }

    @Test
    void offByDefault() {
        assertThat(bind(Map.of()).tls()).isNull();
    }

    @Test
    void onItUsesTheSdsFilesOfTheDeployersBootstrap() {
        PolicyServicesTls tls = bind(Map.of("gantry.policy-services.tls.enabled", "true")).tls();
        assertThat(tls.trustedCa()).isEqualTo(new PolicyServicesTls.SdsFile("xds-ca",
                "/etc/envoy/sds-xds-validation.json", "/etc/envoy/xds-tls"));
        assertThat(tls.clientCertificate()).isEqualTo(new PolicyServicesTls.SdsFile("xds-client-certificate",
                "/etc/envoy/sds-xds-certificate.json", "/etc/envoy/xds-tls"));
    }

    @Test
    void filesReplaceTheSdsResources() {
        PolicyServicesTls tls = bind(Map.of("gantry.policy-services.tls.enabled", "true",
                "gantry.policy-services.tls.ca-file", "/certs/ca.crt",
                "gantry.policy-services.tls.certificate-file", "/certs/envoy-client.crt",
                "gantry.policy-services.tls.private-key-file", "/certs/envoy-client.key")).tls();
        assertThat(tls.trustedCa()).isEqualTo(new PolicyServicesTls.CaFile("/certs/ca.crt"));
        assertThat(tls.clientCertificate())
                .isEqualTo(new PolicyServicesTls.CertificateFiles("/certs/envoy-client.crt", "/certs/envoy-client.key"));
        assertThat(bind(Map.of("gantry.policy-services.tls.enabled", "true",
                "gantry.policy-services.tls.client-certificate", "false")).tls().clientCertificate()).isNull();
    }

    @Test
    void aHalfConfiguredCertificateOrARelativePathIsRefusedNamingTheProperty() {
        assertThatThrownBy(() -> bind(Map.of("gantry.policy-services.tls.enabled", "true",
                "gantry.policy-services.tls.certificate-file", "/certs/envoy-client.crt")))
                .hasMessage("gantry.policy-services.tls: certificate-file and private-key-file go together; one is missing");
        assertThatThrownBy(() -> bind(Map.of("gantry.policy-services.tls.enabled", "true",
                "gantry.policy-services.tls.ca-file", "ca.crt")))
                .hasMessageContaining("gantry.policy-services.tls: CA file 'ca.crt' must be an absolute path");
    }
}
