package dev.gantry.watcher.deployer;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * How the deployed proxies authenticate to xds-service (docs/security.md).
 *
 * @param enabled             the bootstrap dials xds-service with TLS and a client certificate; false = plaintext, for
 *                            development against xds-service in mode none
 * @param namespace           the platform namespace: where the CA Secret and xds-service's server Secret live
 * @param caSecret            Secret with the issuing CA (ca.crt, ca.key)
 * @param generateCa          create a CA (and store it in caSecret) when the Secret does not exist
 * @param serverSecret        xds-service's server certificate Secret, issued by the CA when missing; blank = never
 * @param serverDnsNames      DNS SANs of that server certificate; empty = derived from the xDS address host
 * @param lifetime            lifetime of a proxy's client certificate; re-issued when less than a third is left
 * @param trustDomain         SPIFFE trust domain, as xds-service's gantry.xds.auth.trust-domain
 * @param policyServiceSecrets server certificate Secrets of the services proxies call (ratelimit-service,
 *                            extauth-service), each issued by the CA when missing, for the service host it names (its
 *                            short and longer in-cluster forms are added); the proxies' client certificates are what
 *                            those services then require. Default: the Services k8s/base deploys; empty = none
 */
@ConfigurationProperties("gantry.deployer.tls")
public record ProxyTlsProperties(Boolean enabled, String namespace, String caSecret, Boolean generateCa,
        String serverSecret, java.util.List<String> serverDnsNames, Duration lifetime, String trustDomain,
        java.util.Map<String, String> policyServiceSecrets) {

    public ProxyTlsProperties {
        enabled = enabled == null || enabled;
        namespace = blank(namespace) ? "gantry-system" : namespace;
        caSecret = blank(caSecret) ? "gantry-xds-ca" : caSecret;
        generateCa = generateCa == null || generateCa;
        serverSecret = serverSecret == null ? "gantry-xds-tls" : serverSecret;
        serverDnsNames = serverDnsNames == null ? java.util.List.of() : java.util.List.copyOf(serverDnsNames);
        lifetime = lifetime == null ? Duration.ofHours(24) : lifetime;
        trustDomain = blank(trustDomain) ? "cluster.local" : trustDomain;
        policyServiceSecrets = policyServiceSecrets == null
                ? java.util.Map.of("gantry-ratelimit-tls", "gantry-ratelimit." + namespace + ".svc",
                        "gantry-extauth-tls", "gantry-extauth." + namespace + ".svc")
                : java.util.Map.copyOf(policyServiceSecrets);
        if (lifetime.compareTo(Duration.ofMinutes(10)) < 0) {
            throw new IllegalArgumentException("gantry.deployer.tls.lifetime must be at least 10m, got " + lifetime);
        }
    }

    public static ProxyTlsProperties defaults() {
        return new ProxyTlsProperties(null, null, null, null, null, null, null, null, null);
    }

    public static ProxyTlsProperties plaintext() {
        return new ProxyTlsProperties(false, null, null, null, null, null, null, null, null);
    }

    /** The identity xds-service expects of a Gateway's proxy. */
    public String spiffeId(String namespace, String gateway) {
        return "spiffe://" + trustDomain + "/ns/" + namespace + "/gateway/" + gateway;
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
