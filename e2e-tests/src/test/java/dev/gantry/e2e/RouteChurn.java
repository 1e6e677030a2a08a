package dev.gantry.e2e;

import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Routes that keep changing: one HTTPRoute rewritten every few hundred milliseconds, each generation {@code N} with
 * path prefix {@code /g/N} and a backend of its own among {@link #BACKENDS} Services, so that every change moves
 * both the route configuration and the clusters (a client served the one before the other would notice).
 */
final class RouteChurn implements AutoCloseable {

    static final int BACKENDS = 3;
    static final String HOSTNAME = "churn.faults.test";
    private static final String FILE = "churn.yaml";
    private static final java.util.regex.Pattern GENERATION = java.util.regex.Pattern.compile("/g/(\\d+)/?");

    private final Platform platform;
    private final String gateway;
    private final AtomicLong generation = new AtomicLong();
    private final ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor();
    private ScheduledFuture<?> running;

    RouteChurn(Platform platform, String gateway) {
        this.platform = platform;
        this.gateway = gateway;
        write(0);
    }

    static String backend(long generation) {
        return "churn-" + generation % BACKENDS;
    }

    /** Starts changing the route, one generation every {@code periodMillis}. */
    synchronized void start(long periodMillis) {
        if (running == null) {
            running = writer.scheduleWithFixedDelay(() -> write(generation.get() + 1), periodMillis, periodMillis,
                    TimeUnit.MILLISECONDS);
        }
    }

    /** Stops changing it; returns the last generation written, which every client must come to. */
    synchronized long stop() throws Exception {
        if (running != null) {
            running.cancel(false);
            // the write under way, if any, ends before the generation is read
            writer.submit(() -> { }).get();
            running = null;
        }
        return generation.get();
    }

    long generation() {
        return generation.get();
    }

    private void write(long next) {
        platform.write(FILE, """
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata:
                  name: churn
                  namespace: default
                spec:
                  parentRefs:
                  - name: %s
                  hostnames:
                  - %s
                  rules:
                  - matches:
                    - path:
                        type: PathPrefix
                        value: /g/%d
                    backendRefs:
                    - name: %s
                      port: 80
                """.formatted(gateway, HOSTNAME, next, backend(next)));
        generation.set(next);
    }

    /** The generation a route configuration serves, or -1 when it has no churned route. */
    static long generationOf(RouteConfiguration routes) {
        for (VirtualHost host : routes.getVirtualHostsList()) {
            if (host.getDomainsList().contains(HOSTNAME)) {
                for (Route route : host.getRoutesList()) {
                    String prefix = route.getMatch().hasPathSeparatedPrefix()
                            ? route.getMatch().getPathSeparatedPrefix() : route.getMatch().getPrefix();
                    // a PathPrefix may become several matches ("/g/N" exactly, "/g/N/" as a prefix)
                    java.util.regex.Matcher matcher = GENERATION.matcher(prefix);
                    if (matcher.matches()) {
                        return Long.parseLong(matcher.group(1));
                    }
                }
            }
        }
        return -1;
    }

    @Override
    public void close() {
        writer.shutdownNow();
    }
}
