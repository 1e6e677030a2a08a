package dev.gantry.watcher.deployer;

import dev.gantry.watcher.deployer.CertificateAuthority.IssuedCertificate;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Keeps each Gateway's proxy supplied with a short-lived xDS client certificate: a kubernetes.io/tls Secret
 * ({@code tls.crt}, {@code tls.key}, {@code ca.crt}) next to the proxy, owned by the Gateway. A certificate is
 * re-issued when less than a third of its lifetime is left (the deployer's resync re-checks it), when it names
 * another identity or when another CA signed it. Envoy reloads the mounted files through its file-based SDS, so a
 * rotation does not drop the ADS stream.
 */
public final class ProxyCertificates {

    static final String SECRET_SUFFIX = "-xds-client";
    static final String TLS_CERT = "tls.crt";
    static final String TLS_KEY = "tls.key";
    static final String CA_CERT = "ca.crt";
    /** Server certificates are not rotated by Gantry (cert-manager is the production choice): a long lifetime. */
    static final Duration SERVER_LIFETIME = Duration.ofDays(365);

    private static final Logger log = LoggerFactory.getLogger(ProxyCertificates.class);

    private final KubernetesClient client;
    private final ProxyTlsProperties properties;
    private final Supplier<CertificateAuthority> ca;
    private final Clock clock;

    public ProxyCertificates(KubernetesClient client, ProxyTlsProperties properties, Clock clock) {
        this.client = client;
        this.properties = properties;
        this.clock = clock;
        CaStore store = new CaStore(client, properties, clock);
        this.ca = memoize(store::load);
    }

    public static String secretName(String gateway) {
        return gateway + SECRET_SUFFIX;
    }

    /** Issues the Gateway's client certificate if it has none worth keeping; true when it did. */
    public boolean ensure(Gateway gateway) {
        String namespace = gateway.getMetadata().getNamespace();
        String name = gateway.getMetadata().getName();
        String identity = properties.spiffeId(namespace, name);
        Secret existing = client.secrets().inNamespace(namespace).withName(secretName(name)).get();
        if (existing != null && stillGood(existing, identity)) {
            return false;
        }
        IssuedCertificate issued = ca.get().issueClient(identity, properties.lifetime());
        Secret secret = tlsSecret(secretName(name), namespace, issued);
        secret.getMetadata().setOwnerReferences(List.of(ProxyObjectsFactory.ownerReference(gateway)));
        secret.getMetadata().setLabels(Map.of("app.kubernetes.io/managed-by", ProxyObjectsFactory.MANAGED_BY,
                "app.kubernetes.io/component", "proxy", ProxyObjectsFactory.GATEWAY_NAME_LABEL, name));
        client.secrets().inNamespace(namespace).resource(secret).createOr(NonDeletingOperation::update);
        log.info("issued the xDS client certificate of Gateway {}/{} ({}), valid until {}", namespace, name,
                identity, issued.certificate().getNotAfter().toInstant());
        return true;
    }

    public void remove(String namespace, String gateway) {
        client.secrets().inNamespace(namespace).withName(secretName(gateway)).delete();
    }

    /**
     * Issues xds-service's server certificate Secret when it is missing, so a fresh install works without manual
     * steps. An existing Secret (cert-manager's, an operator's) is never touched.
     */
    public boolean ensureServerSecret(String xdsHost) {
        if (properties.serverSecret().isBlank()) {
            return false;
        }
        List<String> dnsNames = properties.serverDnsNames().isEmpty() ? serverNames(xdsHost)
                : properties.serverDnsNames();
        return issueServerSecretIfMissing(properties.serverSecret(), dnsNames);
    }

    /**
     * Issues the server certificate Secrets of ratelimit-service and extauth-service that are missing
     * ({@code gantry.deployer.tls.policy-service-secrets}), from the CA that issues the proxies' client certificates,
     * so proxies and those services trust each other on a fresh install. Existing Secrets are never touched.
     *
     * @return the Secrets issued now
     */
    public List<String> ensurePolicyServiceSecrets() {
        List<String> issued = new java.util.ArrayList<>();
        for (Map.Entry<String, String> secret : new java.util.TreeMap<>(properties.policyServiceSecrets()).entrySet()) {
            if (issueServerSecretIfMissing(secret.getKey(), serverNames(secret.getValue()))) {
                issued.add(secret.getKey());
            }
        }
        return issued;
    }

    private boolean issueServerSecretIfMissing(String secretName, List<String> dnsNames) {
        String namespace = properties.namespace();
        if (client.secrets().inNamespace(namespace).withName(secretName).get() != null) {
            return false;
        }
        IssuedCertificate issued = ca.get().issueServer(dnsNames, SERVER_LIFETIME);
        try {
            client.secrets().inNamespace(namespace).resource(tlsSecret(secretName, namespace, issued)).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                return false;
            }
            throw e;
        }
        log.info("issued the server certificate Secret {}/{} for {}", namespace, secretName, dnsNames);
        return true;
    }

    /** "gantry-xds.gantry-system.svc" also answers to its shorter and longer forms inside the cluster. */
    static List<String> serverNames(String host) {
        String[] parts = host.split("\\.");
        if (parts.length >= 2 && !host.matches("[0-9.]+")) {
            String service = parts[0] + "." + parts[1];
            return List.of(host, parts[0], service, service + ".svc", service + ".svc.cluster.local").stream()
                    .distinct().toList();
        }
        return List.of(host);
    }

    private boolean stillGood(Secret secret, String identity) {
        Map<String, String> data = secret.getData();
        if (data == null || data.get(TLS_CERT) == null || data.get(TLS_KEY) == null || data.get(CA_CERT) == null) {
            return false;
        }
        try {
            X509Certificate certificate = Pem.certificate(Pem.unbase64(data.get(TLS_CERT)));
            X509Certificate issuer = Pem.certificate(Pem.unbase64(data.get(CA_CERT)));
            if (!issuer.equals(ca.get().certificate()) || !uris(certificate).contains(identity)) {
                return false;
            }
            certificate.verify(issuer.getPublicKey());
            Instant notBefore = certificate.getNotBefore().toInstant();
            Instant notAfter = certificate.getNotAfter().toInstant();
            Duration left = Duration.between(clock.instant(), notAfter);
            return left.compareTo(Duration.between(notBefore, notAfter).dividedBy(3)) > 0;
        } catch (Exception e) {
            // an unreadable or foreign certificate is replaced, not trusted
            log.warn("the xDS client certificate in Secret {}/{} is unusable and is re-issued: {}",
                    secret.getMetadata().getNamespace(), secret.getMetadata().getName(), e.toString());
            return false;
        }
    }

    static List<String> uris(X509Certificate certificate) throws CertificateParsingException {
        Collection<List<?>> names = certificate.getSubjectAlternativeNames();
        if (names == null) {
            return List.of();
        }
        return names.stream().filter(name -> Objects.equals(name.get(0), 6)).map(name -> (String) name.get(1))
                .toList();
    }

    private static Secret tlsSecret(String name, String namespace, IssuedCertificate issued) {
        return new SecretBuilder()
                .withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
                .withType("kubernetes.io/tls")
                .addToData(TLS_CERT, Pem.base64(issued.certificatePem()))
                .addToData(TLS_KEY, Pem.base64(issued.keyPem()))
                .addToData(CA_CERT, Pem.base64(issued.caPem()))
                .build();
    }

    private static <T> Supplier<T> memoize(Supplier<T> source) {
        return new Supplier<>() {
            private volatile T value;

            @Override
            public synchronized T get() {
                if (value == null) {
                    value = source.get();
                }
                return value;
            }
        };
    }
}
