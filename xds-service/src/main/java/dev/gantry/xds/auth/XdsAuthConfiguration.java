package dev.gantry.xds.auth;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.grpc.server.GlobalServerInterceptor;

/** Authentication and authorization of xDS clients, and the limits that keep one client from exhausting us. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({XdsAuthProperties.class, XdsLimitsProperties.class})
public class XdsAuthConfiguration {

    private static final Logger log = LoggerFactory.getLogger(XdsAuthConfiguration.class);

    /** Checked while the context starts, so a misconfigured server never opens its port. */
    @Bean
    ServerTransportCheck xdsServerTransportCheck(XdsAuthProperties auth, Environment env) {
        String address = env.getProperty("spring.grpc.server.address");
        String host = address != null && !address.isBlank() ? hostOf(address)
                : env.getProperty("spring.grpc.server.host", "*");
        ServerTransportCheck check = new ServerTransportCheck(host, env.getProperty("spring.grpc.server.ssl.bundle", ""),
                env.getProperty("spring.grpc.server.ssl.enabled", Boolean.class),
                env.getProperty("spring.grpc.server.ssl.client-auth", "none"));
        List<String> problems = check.problems(auth.mode());
        if (!problems.isEmpty()) {
            throw new IllegalStateException("xds-service refuses to start: " + String.join("; ", problems));
        }
        if (auth.mode() == AuthMode.NONE) {
            log.warn("""

                    ************************************************************************************
                    *  gantry.xds.auth.mode=none: xDS clients are NOT authenticated. Anyone who can    *
                    *  reach {}:{} receives any Gateway's configuration and TLS private keys.
                    *  Development only (dev/run.sh); allowed because the server binds to loopback.   *
                    ************************************************************************************""",
                    host, env.getProperty("spring.grpc.server.port", "9090"));
        } else {
            log.info("xDS clients authenticate by {} (trust domain {}, token audience {})", auth.mode(),
                    auth.trustDomain(), auth.tokenAudience());
        }
        return check;
    }

    /** Production reviewer; a test replaces it with a {@code @Primary} fake of Kubernetes. */
    @Bean(destroyMethod = "close")
    KubernetesTokenReviewer kubernetesTokenReviewer() {
        return new KubernetesTokenReviewer();
    }

    @Bean
    XdsAuthenticator xdsAuthenticator(XdsAuthProperties auth, TokenReviewer reviewer) {
        TokenReviewer cached = new CachingTokenReviewer(reviewer, auth.tokenCacheTtl(), auth.tokenCacheMaxEntries(),
                Clock.systemUTC());
        return new XdsAuthenticator(auth.mode(), auth.trustDomain(),
                new ServiceAccountTokens(cached, auth.tokenAudience()));
    }

    @Bean
    AuthDenials xdsAuthDenials(MeterRegistry meters) {
        return new AuthDenials(meters);
    }

    @Bean
    StreamsPerIdentity xdsStreamsPerIdentity(XdsLimitsProperties limits) {
        return new StreamsPerIdentity(limits.maxStreamsPerIdentity());
    }

    /**
     * One timer thread ends streams whose credential expired; it goes with the context. A stream that ends first
     * cancels its timer, and a cancelled timer leaves the queue at once (not at the credential's expiry, up to a
     * day later), so the queue holds one entry per open stream and no more.
     */
    @Bean(destroyMethod = "shutdownNow")
    java.util.concurrent.ScheduledExecutorService xdsCredentialExpiryTimer() {
        java.util.concurrent.ScheduledThreadPoolExecutor timer = new java.util.concurrent.ScheduledThreadPoolExecutor(1,
                runnable -> {
                    Thread thread = new Thread(runnable, "xds-credential-expiry");
                    thread.setDaemon(true);
                    return thread;
                });
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }

    @Bean
    CredentialExpiry xdsCredentialExpiry(java.util.concurrent.ScheduledExecutorService xdsCredentialExpiryTimer,
                                         AuthDenials denials) {
        return new CredentialExpiry(xdsCredentialExpiryTimer, Clock.systemUTC(), denials);
    }

    @Bean
    @GlobalServerInterceptor
    XdsAuthInterceptor xdsAuthInterceptor(ServerTransportCheck checked, XdsAuthenticator authenticator,
                                          StreamsPerIdentity streams, AuthDenials denials, CredentialExpiry expiry) {
        return new XdsAuthInterceptor(authenticator, streams, denials, expiry);
    }

    /** First of the discovery callbacks: nothing else may react to a node before it is authorized. */
    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    StreamAuthorizer xdsStreamAuthorizer(XdsAuthProperties auth, XdsLimitsProperties limits, AuthDenials denials,
                                         ListedServiceAccounts listed) {
        return new StreamAuthorizer(auth.mode(), limits.maxResourceNamesPerStream(),
                limits.maxResourceNameCharsPerStream(), denials, listed);
    }

    /**
     * ServiceAccounts listed on Gateways through GatewayParameters, from the Kubernetes API (the client is built on
     * first use: only a ServiceAccount that is not a Gateway's own proxy makes xds-service ask). A test replaces it.
     */
    @Bean
    ListedServiceAccounts xdsListedServiceAccounts(XdsAuthProperties auth) {
        if (auth.mode() == AuthMode.NONE) {
            return ListedServiceAccounts.NONE;
        }
        return new KubernetesListedServiceAccounts(new java.util.function.Supplier<>() {
            private io.fabric8.kubernetes.client.KubernetesClient client;

            @Override
            public synchronized io.fabric8.kubernetes.client.KubernetesClient get() {
                if (client == null) {
                    client = new io.fabric8.kubernetes.client.KubernetesClientBuilder().build();
                }
                return client;
            }
        }, auth.tokenCacheTtl(), auth.tokenCacheMaxEntries(), Clock.systemUTC());
    }

    static String hostOf(String address) {
        String a = address.contains("://") ? address.substring(address.indexOf("://") + 3) : address;
        if (a.startsWith("[")) {
            int end = a.indexOf(']');
            return end > 0 ? a.substring(0, end + 1) : a;
        }
        int colon = a.lastIndexOf(':');
        return colon > 0 ? a.substring(0, colon) : a;
    }
}
