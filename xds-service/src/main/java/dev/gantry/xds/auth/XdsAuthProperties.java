package dev.gantry.xds.auth;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code gantry.xds.auth.*}: who may read which Gateway's xDS.
 *
 * @param mode                 how clients authenticate; secure ({@code mtls-or-token}) unless set
 * @param trustDomain          the SPIFFE trust domain client certificates must name
 *                             ({@code spiffe://<trust-domain>/ns/<ns>/gateway/<name>} or {@code .../ns/<ns>/sa/<sa>})
 * @param tokenAudience        the audience a ServiceAccount token must be bound to; a token minted for another
 *                             service (the API server's default audience included) is refused
 * @param tokenCacheTtl        how long a TokenReview answer is reused; short, because a deleted ServiceAccount or
 *                             pod must lose access quickly
 * @param tokenCacheMaxEntries bound on cached answers, so a flood of distinct tokens cannot grow the heap
 */
@ConfigurationProperties("gantry.xds.auth")
public record XdsAuthProperties(AuthMode mode, String trustDomain, String tokenAudience, Duration tokenCacheTtl,
                                int tokenCacheMaxEntries) {

    public XdsAuthProperties {
        if (mode == null) {
            mode = AuthMode.MTLS_OR_TOKEN;
        }
        if (trustDomain == null || trustDomain.isBlank()) {
            trustDomain = "cluster.local";
        }
        if (tokenAudience == null || tokenAudience.isBlank()) {
            tokenAudience = "gantry-xds";
        }
        if (tokenCacheTtl == null || tokenCacheTtl.isNegative()) {
            tokenCacheTtl = Duration.ofSeconds(30);
        }
        if (tokenCacheMaxEntries <= 0) {
            tokenCacheMaxEntries = 10_000;
        }
    }
}
