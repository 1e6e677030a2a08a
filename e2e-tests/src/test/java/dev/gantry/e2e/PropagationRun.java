package dev.gantry.e2e;

import io.envoyproxy.controlplane.cache.Resources;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One run of the {@link PropagationBenchmark} at one number of routes.
 *
 * <p>How long a route change takes from the watched folder to a connected Envoy-like client, through the real
 * services in this JVM (watcher on a folder, embedded Kafka, translator, Redis, xds-service): N routes loaded,
 * then edits one at a time, each written to a file outside the folder and renamed into it; the clock runs from
 * just before the rename to the client receiving the RouteConfiguration that holds the edit. Each service's
 * own timer gives the share of its stage; what is left is transit (Kafka, Redis Pub/Sub, gRPC).
 */
final class PropagationRun {

    private static final String GATEWAY = "bench";
    private static final String ROUTE_CONFIG = "route~8080";
    private static final Duration WAIT = Duration.ofSeconds(60);

    private final int routes;
    private final int services;
    private final Path folder;
    private final Path staging;

    PropagationRun(int routes) throws IOException {
        this.routes = routes;
        this.services = Math.max(1, routes / 10);
        Path root = Files.createTempDirectory("gantry-propagation");
        this.folder = Files.createDirectory(root.resolve("manifests"));
        // Same file system as the folder, so the rename is atomic, but not watched.
        this.staging = Files.createDirectory(root.resolve("staging"));
    }

    String run(int edits, int warmup, List<String> extra) throws Exception {
        writeInitialFolder();
        Platform platform = new Platform(folder, extra);
        try (RouteAwaitingClient client = new RouteAwaitingClient(platform.xdsPort, "default/" + GATEWAY,
                ROUTE_CONFIG)) {
            long loadStart = System.nanoTime();
            if (client.awaitRoutes(config -> config.getVirtualHostsCount() >= routes, Duration.ofMinutes(5)) == null) {
                throw new IllegalStateException("the " + routes + " routes never reached the client");
            }
            double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
            List<StageClock> stages = List.of(
                    new StageClock("watcher observe→published", platform.meters("watcher-service"),
                            "gantry.watcher.change.published"),
                    new StageClock("  of which scan", platform.meters("watcher-service"), "gantry.watcher.scan"),
                    new StageClock("translator consume→written", platform.meters("translator-service"),
                            "gantry.translator.change.written"),
                    new StageClock("xds notice→pushed", platform.meters("xds-service"), "gantry.xds.notice.applied"));
            for (int k = 0; k < warmup; k++) {
                edit(client, stages, 9000 + k);
            }
            int otherPushesBefore = otherPushes(client);
            List<Double> total = new ArrayList<>();
            Map<String, List<Double>> byStage = new LinkedHashMap<>();
            List<Double> transit = new ArrayList<>();
            for (int k = 0; k < edits; k++) {
                Map<String, Double> one = edit(client, stages, k);
                total.add(one.get("total"));
                double inStages = 0;
                for (StageClock stage : stages) {
                    double ms = one.get(stage.stage());
                    byStage.computeIfAbsent(stage.stage(), s -> new ArrayList<>()).add(ms);
                    if (!stage.stage().startsWith(" ")) {
                        inStages += ms;
                    }
                }
                transit.add(one.get("total") - inStages);
            }
            int otherPushes = otherPushes(client) - otherPushesBefore;
            StringBuilder out = new StringBuilder();
            out.append("\n## %d routes (%d Services), %d edits after %d warm-up, initial load %.1f s, "
                    .formatted(routes, services, edits, warmup, loadSeconds))
                    .append("LDS/CDS/EDS pushes during the edits: ").append(otherPushes).append('\n');
            out.append("%-30s %s%n".formatted("rename → RDS received (ms)", new Percentiles(total).summary()));
            byStage.forEach((stage, samples) ->
                    out.append("%-30s %s%n".formatted(stage, new Percentiles(samples).summary())));
            out.append("%-30s %s%n".formatted("transit (rest)", new Percentiles(transit).summary()));
            return out.toString();
        } finally {
            platform.stop();
        }
    }

    private static int otherPushes(RouteAwaitingClient client) {
        return client.responses(Resources.V3.LISTENER_TYPE_URL) + client.responses(Resources.V3.CLUSTER_TYPE_URL)
                + client.responses(Resources.V3.ENDPOINT_TYPE_URL);
    }

    /** One edit: route {@code k mod N} gets a new path; returns the total and each stage, in milliseconds. */
    private Map<String, Double> edit(RouteAwaitingClient client, List<StageClock> stages, int k) throws Exception {
        int route = (int) ((k * 7919L) % routes);
        String marker = "/edit-%05d".formatted(k);
        stages.forEach(StageClock::mark);
        Path staged = staging.resolve("route-" + route + ".yaml");
        Files.writeString(staged, route(route, marker));
        long renamed = System.nanoTime();
        Files.move(staged, folder.resolve("routes").resolve("route-" + route + ".yaml"),
                StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        RouteAwaitingClient.Arrival arrival = client.awaitRoutes(config -> holds(config, route, marker), WAIT);
        if (arrival == null) {
            throw new IllegalStateException("edit " + k + " of route " + route + " never reached the client");
        }
        Map<String, Double> result = new LinkedHashMap<>();
        result.put("total", (arrival.nanos() - renamed) / 1e6);
        // A stage may record just after the client got the push (xds-service records once the cache returns).
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!stages.stream().allMatch(StageClock::recorded) && System.nanoTime() < deadline) {
            // A sleep, not a spin: this JVM's 2 cores are the services' too.
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
        }
        for (StageClock stage : stages) {
            result.put(stage.stage(), stage.millisSinceMark());
        }
        return result;
    }

    private static boolean holds(RouteConfiguration config, int route, String marker) {
        String host = host(route);
        for (VirtualHost vhost : config.getVirtualHostsList()) {
            if (vhost.getDomainsList().contains(host)) {
                return vhost.getRoutesList().stream().anyMatch(r -> r.getMatch().toString().contains('"' + marker + '"'));
            }
        }
        return false;
    }

    private void writeInitialFolder() throws IOException {
        Files.writeString(folder.resolve("gatewayclass.yaml"), Manifests.GATEWAY_CLASS);
        Files.writeString(folder.resolve("gateway.yaml"), Manifests.gateway(GATEWAY, 8080));
        String serviceYaml = java.util.stream.IntStream.range(0, services)
                .mapToObj(s -> Manifests.service(service(s), 20000 + s))
                .collect(Collectors.joining("---\n"));
        Files.writeString(folder.resolve("services.yaml"), serviceYaml);
        Path routeDir = Files.createDirectory(folder.resolve("routes"));
        for (int i = 0; i < routes; i++) {
            Files.writeString(routeDir.resolve("route-" + i + ".yaml"), route(i, "/"));
        }
    }

    private static String host(int route) {
        return "r" + route + ".bench.test";
    }

    private static String service(int index) {
        return "svc-" + index;
    }

    private String route(int index, String pathPrefix) {
        return """
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata:
                  name: route-%d
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
                        value: %s
                    backendRefs:
                    - name: %s
                      port: 80
                """.formatted(index, GATEWAY, host(index), pathPrefix, service(index % services));
    }
}
