package dev.gantry.extauth.evaluator.jwt;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import dev.gantry.extauth.evaluator.AuthEvaluator;
import dev.gantry.extauth.evaluator.AuthEvaluatorFactory;
import dev.gantry.extauth.evaluator.Durations;
import dev.gantry.extauth.evaluator.EvaluatorContext;
import dev.gantry.extauth.evaluator.InvalidAuthConfigException;
import dev.gantry.model.auth.AuthCheck;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import java.net.URI;
import java.net.http.HttpClient;
import java.text.ParseException;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

/**
 * JWT validation: the top-level {@code jwt} check and {@code oauth2.accessTokenValidation.jwt}. Keys come from an
 * inline JWKS or a remote one kept fresh in the background.
 */
@Component
@EnableConfigurationProperties(JwtProperties.class)
public class JwtEvaluatorFactory implements AuthEvaluatorFactory {

    /** Asymmetric algorithms only, unless a config names others: an HMAC key would have to be shared. */
    static final Set<JWSAlgorithm> DEFAULT_ALGORITHMS = Set.of(
            JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
            JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512,
            JWSAlgorithm.ES256, JWSAlgorithm.ES384, JWSAlgorithm.ES512);
    static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(60);

    private final JwtProperties properties;
    private final HttpClient http;
    private final ScheduledExecutorService scheduler;
    private final Counter jwksFailures;

    public JwtEvaluatorFactory(JwtProperties properties, MeterRegistry meters) {
        this.properties = properties;
        this.http = HttpClient.newBuilder().connectTimeout(properties.jwksFetchTimeout())
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "gantry-jwks-refresh");
            t.setDaemon(true);
            return t;
        });
        this.jwksFailures = Counter.builder("gantry.extauth.jwks.failures")
                .description("Remote JWKS downloads that failed (the keys held were kept)").register(meters);
    }

    @Override
    public String kind() {
        return "jwt";
    }

    @Override
    public boolean appliesTo(AuthCheck check) {
        return check.jwt() != null || accessTokenJwt(check) != null;
    }

    private static AuthCheck.JwtValidation accessTokenJwt(AuthCheck check) {
        return check.oauth2() == null || check.oauth2().accessTokenValidation() == null ? null
                : check.oauth2().accessTokenValidation().jwt();
    }

    @Override
    public AuthEvaluator compile(AuthCheck check, EvaluatorContext context) throws InvalidAuthConfigException {
        AuthCheck.JwtValidation spec = check.jwt() != null ? check.jwt() : accessTokenJwt(check);
        AuthCheck.AccessTokenValidation outer = check.jwt() != null || check.oauth2() == null ? null
                : check.oauth2().accessTokenValidation();
        AuthCheck.RequiredScopes scopes = spec.requiredScopes() != null || outer == null ? spec.requiredScopes()
                : outer.requiredScopes();
        List<AuthCheck.ClaimToHeader> claimsToHeaders = spec.claimsToHeaders() != null || outer == null
                ? spec.claimsToHeaders() : outer.claimsToHeaders();
        Set<JWSAlgorithm> algorithms = algorithms(spec.algorithms());
        Duration skew = Durations.parse(spec.clockSkew(), DEFAULT_CLOCK_SKEW);
        JwtRules rules = new JwtRules(spec.issuer(), spec.audiences() == null ? List.of() : spec.audiences(),
                algorithms, skew, scopes == null || scopes.scope() == null ? List.of() : scopes.scope(),
                claimsToHeaders == null ? List.of() : claimsToHeaders);
        return new JwtEvaluator(keySource(spec), rules, properties.verifiedTokenCacheSize(),
                properties.verifiedTokenTtl());
    }

    private KeySource keySource(AuthCheck.JwtValidation spec) throws InvalidAuthConfigException {
        if (spec.localJwks() != null && spec.remoteJwks() != null) {
            throw new InvalidAuthConfigException("set localJwks or remoteJwks, not both");
        }
        if (spec.localJwks() != null) {
            try {
                JWKSet keys = JWKSet.parse(spec.localJwks().inlineString());
                if (keys.isEmpty()) {
                    throw new InvalidAuthConfigException("localJwks holds no key");
                }
                return new LocalKeySource(keys);
            } catch (ParseException e) {
                throw new InvalidAuthConfigException("localJwks is not a JWKS");
            }
        }
        if (spec.remoteJwks() != null && spec.remoteJwks().url() != null) {
            URI uri;
            try {
                uri = URI.create(spec.remoteJwks().url());
            } catch (IllegalArgumentException e) {
                throw new InvalidAuthConfigException("remoteJwks.url is not a URL");
            }
            if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme())) {
                throw new InvalidAuthConfigException("remoteJwks.url must be http or https");
            }
            Duration refresh = Durations.parse(spec.remoteJwks().refreshInterval(),
                    properties.defaultRefreshInterval());
            return new RemoteKeySource(uri, http, scheduler, refresh, properties.jwksFetchTimeout(),
                    properties.minRefetchInterval(), jwksFailures::increment);
        }
        throw new InvalidAuthConfigException("needs localJwks or remoteJwks");
    }

    private static Set<JWSAlgorithm> algorithms(List<String> names) throws InvalidAuthConfigException {
        if (names == null || names.isEmpty()) {
            return DEFAULT_ALGORITHMS;
        }
        Set<JWSAlgorithm> algorithms = new LinkedHashSet<>();
        for (String name : names) {
            JWSAlgorithm algorithm = JWSAlgorithm.parse(name);
            if (!JWSAlgorithm.Family.RSA.contains(algorithm) && !JWSAlgorithm.Family.EC.contains(algorithm)
                    && !JWSAlgorithm.Family.HMAC_SHA.contains(algorithm)) {
                throw new InvalidAuthConfigException("unsupported algorithm '" + name + "'");
            }
            algorithms.add(algorithm);
        }
        return Set.copyOf(algorithms);
    }

    @PreDestroy
    void stop() {
        scheduler.shutdownNow();
    }
}
