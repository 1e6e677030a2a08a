package dev.gantry.extauth.evaluator.oidc;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param timeout      the longest a call to the provider (discovery, JWKS, token endpoint) may take
 * @param cookieKey    base64 of 32 random bytes: the AES-256-GCM key that encrypts and authenticates the session
 *                     and login cookies. Every replica needs the same one; without it, each process makes its own
 *                     at start (sessions then do not survive a restart or move between replicas)
 * @param discoveryTtl how long the provider's discovery document is reused
 * @param loginTtl     how long a browser has to come back from the provider after being sent there
 * @param sessionTtl   how long a session lives when the check's cookieOptions.maxAge is not set
 */
@ConfigurationProperties("gantry.extauth.oidc")
public record OidcProperties(Duration timeout, String cookieKey, Duration discoveryTtl, Duration loginTtl,
        Duration sessionTtl) {

    public OidcProperties {
        timeout = timeout == null ? Duration.ofSeconds(5) : timeout;
        discoveryTtl = discoveryTtl == null ? Duration.ofMinutes(15) : discoveryTtl;
        loginTtl = loginTtl == null ? Duration.ofMinutes(10) : loginTtl;
        sessionTtl = sessionTtl == null ? Duration.ofHours(12) : sessionTtl;
    }

    /** Never the key: records print themselves. */
    @Override
    public String toString() {
        return "OidcProperties[timeout=" + timeout + ", cookieKey=" + (cookieKey == null ? "(none)" : "(set)")
                + ", discoveryTtl=" + discoveryTtl + ", loginTtl=" + loginTtl + ", sessionTtl=" + sessionTtl + "]";
    }
}
