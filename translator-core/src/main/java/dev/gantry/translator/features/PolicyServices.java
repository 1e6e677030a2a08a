package dev.gantry.translator.features;

import java.time.Duration;
import java.util.Objects;

/**
 * Where ratelimit-service and extauth-service are, and how Envoy's filters call them: the translator's configuration
 * (translator-service {@code gantry.policy-services.*}); every Gateway's filters point at the same services.
 *
 * @param rateLimit the rate-limit service
 * @param extAuth   the ext-auth service
 * @param tls       how Envoy dials both over TLS, or null for plaintext (development)
 */
public record PolicyServices(RateLimitService rateLimit, ExtAuthService extAuth, PolicyServicesTls tls) {

    /** The services as k8s/base deploys them (Services {@code gantry-ratelimit} and {@code gantry-extauth}). */
    public static final PolicyServices DEFAULTS = new PolicyServices(
            new RateLimitService("gantry-ratelimit.gantry-system.svc.cluster.local", 18001, Duration.ofMillis(100), false),
            new ExtAuthService("gantry-extauth.gantry-system.svc.cluster.local", 18002, Duration.ofMillis(200), false, 0));

    public PolicyServices {
        Objects.requireNonNull(rateLimit, "rateLimit");
        Objects.requireNonNull(extAuth, "extAuth");
    }

    /** Both services in plaintext. */
    public PolicyServices(RateLimitService rateLimit, ExtAuthService extAuth) {
        this(rateLimit, extAuth, null);
    }

    /**
     * @param host              DNS name or IP of ratelimit-service
     * @param port              its gRPC port
     * @param timeout           how long Envoy waits for a decision (Envoy's own default is 20ms; Gloo's 100ms)
     * @param failureModeDeny   refuse requests when the service cannot answer (default: let them through, as Envoy
     *                          and Gloo do: a rate limiter that is down must not take the gateway down)
     */
    public record RateLimitService(String host, int port, Duration timeout, boolean failureModeDeny) {

        public RateLimitService {
            check(host, port, timeout);
        }
    }

    /**
     * @param host              DNS name or IP of extauth-service
     * @param port              its gRPC port
     * @param timeout           how long Envoy waits for a check (Envoy's default: 200ms)
     * @param failureModeAllow  let requests through when the service cannot answer (default false: fail closed)
     * @param maxRequestBytes   send the request body up to this many bytes with the check (0: no body)
     */
    public record ExtAuthService(String host, int port, Duration timeout, boolean failureModeAllow, int maxRequestBytes) {

        public ExtAuthService {
            check(host, port, timeout);
            if (maxRequestBytes < 0) {
                throw new IllegalArgumentException("maxRequestBytes " + maxRequestBytes + " is negative");
            }
        }
    }

    private static void check(String host, int port, Duration timeout) {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host missing");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is not within 1..65535");
        }
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive");
        }
    }
}
