package dev.gantry.xds.auth;

/**
 * How an xDS client proves who it is. Bound from {@code gantry.xds.auth.mode}: {@code mtls}, {@code token},
 * {@code mtls-or-token} or {@code none}.
 */
public enum AuthMode {
    /** A client certificate from the configured CA whose SPIFFE URI SAN names the Gateway or its proxy ServiceAccount. */
    MTLS,
    /** A Kubernetes ServiceAccount token as call credentials, checked with the TokenReview API. */
    TOKEN,
    /** A client certificate when one is presented, otherwise a ServiceAccount token. */
    MTLS_OR_TOKEN,
    /** Development only (dev/run.sh): nobody is authenticated, so the server must listen on loopback only. */
    NONE;

    public boolean acceptsCertificates() {
        return this == MTLS || this == MTLS_OR_TOKEN;
    }

    public boolean acceptsTokens() {
        return this == TOKEN || this == MTLS_OR_TOKEN;
    }
}
