package dev.gantry.extauth.evaluator.jwt;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param verifiedTokenCacheSize how many verified tokens (by SHA-256 digest) a JWT check remembers, so a token seen
 *                               again skips the signature check; {@code exp}/{@code nbf} are still checked on every
 *                               request. 0 turns the cache off
 * @param verifiedTokenTtl       how long a verified token is remembered at most
 * @param jwksFetchTimeout       the longest a JWKS download may take
 * @param minRefetchInterval     a token naming an unknown key triggers a JWKS download at most this often, so
 *                               tokens with made-up {@code kid}s cannot flood the identity provider
 * @param defaultRefreshInterval how often a remote JWKS is downloaded when its {@code refreshInterval} is not set
 */
@ConfigurationProperties("gantry.extauth.jwt")
public record JwtProperties(Integer verifiedTokenCacheSize, Duration verifiedTokenTtl, Duration jwksFetchTimeout,
        Duration minRefetchInterval, Duration defaultRefreshInterval) {

    public JwtProperties {
        verifiedTokenCacheSize = verifiedTokenCacheSize == null ? 10_000 : verifiedTokenCacheSize;
        verifiedTokenTtl = verifiedTokenTtl == null ? Duration.ofMinutes(5) : verifiedTokenTtl;
        jwksFetchTimeout = jwksFetchTimeout == null ? Duration.ofSeconds(2) : jwksFetchTimeout;
        minRefetchInterval = minRefetchInterval == null ? Duration.ofSeconds(10) : minRefetchInterval;
        defaultRefreshInterval = defaultRefreshInterval == null ? Duration.ofMinutes(5) : defaultRefreshInterval;
    }
}
