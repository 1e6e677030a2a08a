package dev.gantry.translator.features;

import java.util.Objects;

/**
 * How Envoy's rate-limit and ext-auth filters reach ratelimit-service and extauth-service over TLS: the CA that
 * signed the services' certificates and the certificate the proxy presents, each either as files on the proxy
 * (docker compose mounts them) or as a file-based SDS resource (the deployer's bootstrap already has one for the
 * proxy's xDS client certificate, which Envoy reloads when the deployer rotates it). The SNI and the server name
 * checked are each service's host.
 *
 * @param trustedCa         the CA the service certificates must chain to
 * @param clientCertificate the proxy's certificate, or null to present none (the services then must not require one)
 */
public record PolicyServicesTls(Source trustedCa, Source clientCertificate) {

    public PolicyServicesTls {
        Objects.requireNonNull(trustedCa, "trustedCa");
        if (trustedCa instanceof CertificateFiles) {
            throw new IllegalArgumentException("the trusted CA is a CA file or an SDS validation context, not a key pair");
        }
        if (clientCertificate instanceof CaFile) {
            throw new IllegalArgumentException("the client certificate is a certificate and key, not a CA file");
        }
    }

    /** Where one piece of TLS material comes from. */
    public sealed interface Source permits CaFile, CertificateFiles, SdsFile {
    }

    /** A PEM CA bundle at {@code path} on the proxy. */
    public record CaFile(String path) implements Source {
        public CaFile {
            path = absolute(path, "CA file");
        }
    }

    /** A PEM certificate chain and its private key on the proxy. */
    public record CertificateFiles(String certificateChain, String privateKey) implements Source {
        public CertificateFiles {
            certificateChain = absolute(certificateChain, "certificate file");
            privateKey = absolute(privateKey, "private key file");
        }
    }

    /**
     * The SDS secret {@code name} in the file {@code path} on the proxy, re-read when {@code watchedDirectory}
     * changes (Kubernetes swaps a Secret volume by renaming its {@code ..data} link; blank: watch the file itself).
     */
    public record SdsFile(String name, String path, String watchedDirectory) implements Source {
        public SdsFile {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("SDS secret name missing");
            }
            path = absolute(path, "SDS file");
            watchedDirectory = watchedDirectory == null || watchedDirectory.isBlank() ? ""
                    : absolute(watchedDirectory, "SDS watched directory");
        }
    }

    private static String absolute(String path, String what) {
        if (path == null || path.isBlank()) {
            throw new IllegalArgumentException(what + " missing");
        }
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException(what + " '" + path + "' must be an absolute path on the proxy");
        }
        return path;
    }
}
