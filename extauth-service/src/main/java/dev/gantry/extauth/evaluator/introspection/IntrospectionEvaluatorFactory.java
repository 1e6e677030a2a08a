package dev.gantry.extauth.evaluator.introspection;

import dev.gantry.extauth.evaluator.AuthEvaluator;
import dev.gantry.extauth.evaluator.AuthEvaluatorFactory;
import dev.gantry.extauth.evaluator.Durations;
import dev.gantry.extauth.evaluator.EvaluatorContext;
import dev.gantry.extauth.evaluator.InvalidAuthConfigException;
import dev.gantry.extauth.evaluator.SingleFlightCache;
import dev.gantry.extauth.secrets.OpenedSecret;
import dev.gantry.model.auth.AuthCheck;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

/**
 * {@code oauth2.accessTokenValidation} with {@code introspection} (or the older top-level {@code introspectionUrl}):
 * opaque access tokens checked at the provider (RFC 7662). The JWT form of accessTokenValidation belongs to the jwt
 * evaluator.
 */
@Component
@EnableConfigurationProperties(IntrospectionProperties.class)
public class IntrospectionEvaluatorFactory implements AuthEvaluatorFactory {

    /** Gloo's Secret entry for an OAuth client secret. */
    static final String CLIENT_SECRET_ENTRY = "client-secret";

    private final IntrospectionProperties properties;
    private final HttpClient http;
    private final Clock clock;

    public IntrospectionEvaluatorFactory(IntrospectionProperties properties, ObjectProvider<Clock> clock) {
        this.properties = properties;
        this.http = HttpClient.newBuilder().connectTimeout(properties.timeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        this.clock = clock.getIfAvailable(Clock::systemUTC);
    }

    @Override
    public String kind() {
        return "oauth2.introspection";
    }

    @Override
    public boolean appliesTo(AuthCheck check) {
        AuthCheck.AccessTokenValidation validation = validation(check);
        return validation != null && validation.jwt() == null
                && (validation.introspection() != null || validation.introspectionUrl() != null);
    }

    private static AuthCheck.AccessTokenValidation validation(AuthCheck check) {
        return check.oauth2() == null ? null : check.oauth2().accessTokenValidation();
    }

    @Override
    public AuthEvaluator compile(AuthCheck check, EvaluatorContext context) throws InvalidAuthConfigException {
        AuthCheck.AccessTokenValidation spec = validation(check);
        AuthCheck.Introspection introspection = spec.introspection();
        String url = introspection != null && introspection.introspectionUrl() != null
                ? introspection.introspectionUrl() : spec.introspectionUrl();
        URI introspectionUrl = httpUrl(url, "introspectionUrl");
        URI userinfoUrl = spec.userinfoUrl() == null || spec.userinfoUrl().isBlank() ? null
                : httpUrl(spec.userinfoUrl(), "userinfoUrl");
        String clientId = introspection == null ? null : introspection.clientId();
        String clientSecret = null;
        if (introspection != null && introspection.clientSecretRef() != null) {
            OpenedSecret secret = context.secrets().find(introspection.clientSecretRef()).orElseThrow(() ->
                    new InvalidAuthConfigException("clientSecretRef names a Secret that was not shipped with the "
                            + "config: " + introspection.clientSecretRef().name()));
            clientSecret = secret.text(CLIENT_SECRET_ENTRY).orElseThrow(() -> new InvalidAuthConfigException(
                    secret + " has no entry '" + CLIENT_SECRET_ENTRY + "'"));
            if (clientId == null || clientId.isBlank()) {
                throw new InvalidAuthConfigException("introspection.clientId is required with a clientSecretRef");
            }
        }
        Duration cacheTime = Durations.parse(spec.cacheTimeout(), properties.defaultCacheTime());
        String userIdAttribute = introspection == null || introspection.userIdAttributeName() == null
                || introspection.userIdAttributeName().isBlank() ? "sub" : introspection.userIdAttributeName();
        List<String> scopes = spec.requiredScopes() == null || spec.requiredScopes().scope() == null ? List.of()
                : spec.requiredScopes().scope();
        IntrospectionClient client = new IntrospectionClient(http, introspectionUrl, clientId, clientSecret,
                userinfoUrl, properties.timeout());
        return new IntrospectionEvaluator(client, new SingleFlightCache<>(cacheTime, properties.cacheSize()), scopes,
                spec.claimsToHeaders() == null ? List.of() : spec.claimsToHeaders(), userIdAttribute, clock);
    }

    private static URI httpUrl(String text, String field) throws InvalidAuthConfigException {
        try {
            URI uri = URI.create(text == null ? "" : text.strip());
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return uri;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new InvalidAuthConfigException(field + " must be an http or https URL");
    }
}
