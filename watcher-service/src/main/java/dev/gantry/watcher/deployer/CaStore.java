package dev.gantry.watcher.deployer;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.Map;

/**
 * Loads the issuing CA from its Secret, creating it when allowed. Creation is a plain create: if another replica won
 * the race (409), its CA is read back, so all proxies end up signed by one CA.
 */
public final class CaStore {

    static final String CA_CERT = "ca.crt";
    static final String CA_KEY = "ca.key";
    static final String TLS_CERT = "tls.crt";
    static final String TLS_KEY = "tls.key";

    private static final Logger log = LoggerFactory.getLogger(CaStore.class);

    private final KubernetesClient client;
    private final ProxyTlsProperties properties;
    private final Clock clock;

    public CaStore(KubernetesClient client, ProxyTlsProperties properties, Clock clock) {
        this.client = client;
        this.properties = properties;
        this.clock = clock;
    }

    public CertificateAuthority load() {
        Secret secret = read();
        if (secret == null) {
            if (!properties.generateCa()) {
                throw new IllegalStateException("Secret " + properties.namespace() + "/" + properties.caSecret()
                        + " with the xDS CA does not exist and gantry.deployer.tls.generate-ca is false");
            }
            secret = create();
        }
        Map<String, String> data = secret.getData() == null ? Map.of() : secret.getData();
        // ca.crt/ca.key as Gantry writes them; tls.crt/tls.key as cert-manager writes a CA Certificate's Secret
        String certificate = data.get(CA_KEY) != null ? data.get(CA_CERT) : data.get(TLS_CERT);
        String key = data.get(CA_KEY) != null ? data.get(CA_KEY) : data.get(TLS_KEY);
        if (certificate == null || key == null) {
            throw new IllegalStateException("Secret " + properties.namespace() + "/" + properties.caSecret()
                    + " must hold " + CA_CERT + " and " + CA_KEY + " (or cert-manager's " + TLS_CERT + " and "
                    + TLS_KEY + ")");
        }
        return new CertificateAuthority(Pem.certificate(Pem.unbase64(certificate)),
                Pem.privateKey(Pem.unbase64(key)), clock);
    }

    private Secret read() {
        return client.secrets().inNamespace(properties.namespace()).withName(properties.caSecret()).get();
    }

    private Secret create() {
        CertificateAuthority ca = CertificateAuthority.generate("gantry-xds-ca", clock);
        Secret secret = new SecretBuilder()
                .withNewMetadata().withName(properties.caSecret()).withNamespace(properties.namespace())
                .addToLabels("app.kubernetes.io/managed-by", ProxyObjectsFactory.MANAGED_BY).endMetadata()
                .withType("Opaque")
                .addToData(CA_CERT, Pem.base64(Pem.encode(ca.certificate())))
                .addToData(CA_KEY, Pem.base64(Pem.encode(ca.key())))
                .build();
        try {
            Secret created = client.secrets().inNamespace(properties.namespace()).resource(secret).create();
            log.info("created the xDS CA in Secret {}/{}", properties.namespace(), properties.caSecret());
            return created;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                return read();
            }
            throw e;
        }
    }
}
