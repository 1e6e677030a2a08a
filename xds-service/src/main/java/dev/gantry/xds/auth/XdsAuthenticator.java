package dev.gantry.xds.auth;

import dev.gantry.xds.auth.XdsIdentity.Anonymous;
import io.grpc.Metadata;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Optional;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * Establishes who is calling, by the configured {@link AuthMode}: the verified client certificate (the TLS layer
 * already checked it against the CA bundle) and/or a bearer token. A certificate, when presented, wins over a
 * token: it was verified by the handshake, and two identities on one call must not be mixed.
 */
public class XdsAuthenticator {

    static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    private static final String BEARER = "bearer ";

    /**
     * An identity and when the credential that proved it stops being valid (null: never known to), or why there is
     * no identity.
     */
    public record Result(XdsIdentity identity, Instant expiresAt, String failure) {
        static Result of(XdsIdentity identity) {
            return new Result(identity, null, null);
        }

        static Result of(XdsIdentity identity, Instant expiresAt) {
            return new Result(identity, expiresAt, null);
        }

        static Result failed(String failure) {
            return new Result(null, null, failure);
        }

        public boolean authenticated() {
            return identity != null;
        }
    }

    private final AuthMode mode;
    private final String trustDomain;
    private final ServiceAccountTokens tokens;

    public XdsAuthenticator(AuthMode mode, String trustDomain, ServiceAccountTokens tokens) {
        this.mode = mode;
        this.trustDomain = trustDomain;
        this.tokens = tokens;
    }

    public Result authenticate(SSLSession tls, Metadata headers) {
        if (mode == AuthMode.NONE) {
            return Result.of(new Anonymous());
        }
        X509Certificate certificate = mode.acceptsCertificates() ? peerCertificate(tls) : null;
        if (certificate != null) {
            Instant notAfter = certificate.getNotAfter().toInstant();
            return SpiffeIds.fromCertificate(certificate, trustDomain).map(identity -> Result.of(identity, notAfter))
                    .orElseGet(() -> Result.failed("client certificate carries no SPIFFE id of trust domain "
                            + trustDomain + " naming a Gateway or ServiceAccount"));
        }
        String token = mode.acceptsTokens() ? bearerToken(headers) : null;
        if (token != null) {
            Optional<XdsIdentity> identity = tokens.identify(token);
            Instant expiry = TokenExpiry.of(token).orElse(null);
            return identity.map(id -> Result.of(id, expiry))
                    .orElseGet(() -> Result.failed("bearer token refused (not a valid ServiceAccount token for this audience)"));
        }
        return Result.failed(switch (mode) {
            case MTLS -> "a client certificate is required";
            case TOKEN -> "a ServiceAccount bearer token is required";
            default -> "a client certificate or a ServiceAccount bearer token is required";
        });
    }

    private static X509Certificate peerCertificate(SSLSession tls) {
        if (tls == null) {
            return null;
        }
        try {
            Certificate[] chain = tls.getPeerCertificates();
            return chain.length > 0 && chain[0] instanceof X509Certificate leaf ? leaf : null;
        } catch (SSLPeerUnverifiedException e) {
            return null;
        }
    }

    private static String bearerToken(Metadata headers) {
        String value = headers.get(AUTHORIZATION);
        if (value == null || value.length() <= BEARER.length()
                || !value.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return null;
        }
        return value.substring(BEARER.length()).trim();
    }
}
