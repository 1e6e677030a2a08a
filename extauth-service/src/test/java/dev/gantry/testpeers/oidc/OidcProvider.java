package dev.gantry.testpeers.oidc;

import jakarta.servlet.Filter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;

/**
 * A real OIDC provider for tests: Spring Authorization Server, as Spring Boot configures it from properties, in a
 * context of its own on a random port (outside extauth-service's packages, so the service never scans it). It knows
 * user {@code alice} (form login) and the clients:
 * <ul>
 *   <li>{@code shop}: authorization code with PKCE and refresh tokens, redirect {@code https://shop.example.com/callback},
 *       access tokens that live {@code accessTokenTtl};</li>
 *   <li>{@code api}: client credentials with opaque ("reference") access tokens, for introspection;</li>
 *   <li>{@code gateway}: the client the gateway introspects with;</li>
 *   <li>{@code shop-keys}, when started with a JWKS URL: as {@code shop}, but authenticating with
 *       {@code private_key_jwt} (RS256) against the public keys at that URL.</li>
 * </ul>
 * Requests are counted by path, so tests can show what was cached.
 */
public final class OidcProvider implements AutoCloseable {

    public static final String USER = "alice";
    public static final String PASSWORD = "alice-password";
    public static final String SHOP_CLIENT = "shop";
    public static final String SHOP_SECRET = "shop-secret";
    public static final String SHOP_CALLBACK = "https://shop.example.com/callback";
    public static final String API_CLIENT = "api";
    public static final String API_SECRET = "api-secret";
    public static final String GATEWAY_CLIENT = "gateway";
    public static final String GATEWAY_SECRET = "gateway-secret";
    public static final String KEYS_CLIENT = "shop-keys";

    private final ConfigurableApplicationContext context;
    private final RequestCounts counts;

    private OidcProvider(ConfigurableApplicationContext context) {
        this.context = context;
        this.counts = context.getBean(RequestCounts.class);
    }

    public static OidcProvider start(String accessTokenTtl) {
        return start(accessTokenTtl, null);
    }

    /** @param clientJwksUri where client {@code shop-keys} publishes its public keys; null: no such client */
    public static OidcProvider start(String accessTokenTtl, String clientJwksUri) {
        String client = "spring.security.oauth2.authorizationserver.client.";
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("spring.config.name", "oidc-provider");
        properties.put("spring.main.banner-mode", "off");
        properties.put("server.address", "127.0.0.1");
        properties.put("server.port", "0");
        properties.put("management.server.port", "-1");
        properties.put("spring.grpc.server.enabled", "false");
        properties.put("spring.grpc.server.port", "0");
        properties.put("spring.security.user.name", USER);
        properties.put("spring.security.user.password", "{noop}" + PASSWORD);
        properties.put(client + "shop.registration.client-id", SHOP_CLIENT);
        properties.put(client + "shop.registration.client-secret", "{noop}" + SHOP_SECRET);
        properties.put(client + "shop.registration.client-authentication-methods", "client_secret_basic");
        properties.put(client + "shop.registration.authorization-grant-types", "authorization_code,refresh_token");
        properties.put(client + "shop.registration.redirect-uris", SHOP_CALLBACK);
        properties.put(client + "shop.registration.scopes", "openid,profile");
        properties.put(client + "shop.require-proof-key", "true");
        properties.put(client + "shop.token.access-token-time-to-live", accessTokenTtl);
        properties.put(client + "api.registration.client-id", API_CLIENT);
        properties.put(client + "api.registration.client-secret", "{noop}" + API_SECRET);
        properties.put(client + "api.registration.client-authentication-methods", "client_secret_basic");
        properties.put(client + "api.registration.authorization-grant-types", "client_credentials");
        properties.put(client + "api.registration.scopes", "orders.read,orders.write");
        properties.put(client + "api.token.access-token-format", "reference");
        properties.put(client + "gateway.registration.client-id", GATEWAY_CLIENT);
        properties.put(client + "gateway.registration.client-secret", "{noop}" + GATEWAY_SECRET);
        properties.put(client + "gateway.registration.client-authentication-methods", "client_secret_basic");
        properties.put(client + "gateway.registration.authorization-grant-types", "client_credentials");
        if (clientJwksUri != null) {
            String keys = client + "shop-keys.";
            properties.put(keys + "registration.client-id", KEYS_CLIENT);
            properties.put(keys + "registration.client-authentication-methods", "private_key_jwt");
            properties.put(keys + "registration.authorization-grant-types", "authorization_code,refresh_token");
            properties.put(keys + "registration.redirect-uris", SHOP_CALLBACK);
            properties.put(keys + "registration.scopes", "openid,profile");
            properties.put(keys + "require-proof-key", "true");
            properties.put(keys + "jwk-set-uri", clientJwksUri);
            properties.put(keys + "token-endpoint-authentication-signing-algorithm", "RS256");
        }
        ConfigurableApplicationContext context = new SpringApplicationBuilder(ProviderApplication.class)
                .properties(properties).run();
        OidcProvider provider = new OidcProvider(context);
        provider.warmUp();
        return provider;
    }

    /** The first request initializes the servlet stack, slowly on a loaded machine: not on a test's clock. */
    private void warmUp() {
        try {
            java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(issuer() + "/.well-known/openid-configuration"))
                    .timeout(java.time.Duration.ofSeconds(60)).build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding());
            counts.clear();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** {@code http://127.0.0.1:<port>}: the issuer, as the provider derives it from the requests it gets. */
    public String issuer() {
        return "http://127.0.0.1:" + ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    /** How many requests reached {@code path} so far. */
    public int requests(String path) {
        return counts.get(path);
    }

    @Override
    public void close() {
        context.close();
    }

    /** Counts requests by path. */
    static final class RequestCounts {
        private final Map<String, AtomicInteger> byPath = new ConcurrentHashMap<>();

        void add(String path) {
            byPath.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
        }

        void clear() {
            byPath.clear();
        }

        int get(String path) {
            AtomicInteger count = byPath.get(path);
            return count == null ? 0 : count.get();
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class ProviderApplication {

        @Bean
        RequestCounts requestCounts() {
            return new RequestCounts();
        }

        @Bean
        FilterRegistrationBean<Filter> requestCounter(RequestCounts counts) {
            Filter filter = (request, response, chain) -> {
                counts.add(((jakarta.servlet.http.HttpServletRequest) request).getRequestURI());
                chain.doFilter(request, response);
            };
            FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(filter);
            registration.setOrder(Ordered.HIGHEST_PRECEDENCE); // before Spring Security's chain
            return registration;
        }
    }
}
