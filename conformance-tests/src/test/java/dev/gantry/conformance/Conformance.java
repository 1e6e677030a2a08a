package dev.gantry.conformance;

import static org.junit.jupiter.api.Assertions.fail;

import dev.gantry.translator.envoy.EnvoyResources;
import dev.gantry.translator.envoy.GatewayTranslator;
import dev.gantry.translator.model.ResourceIndex;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.function.Executable;
import org.opentest4j.TestAbortedException;

/** The base manifests plus one test's manifests, translated, ready to be asked what Envoy would do. */
public final class Conformance {

    public static final String INFRA = "gateway-conformance-infra";
    public static final String APP_BACKEND = "gateway-conformance-app-backend";
    public static final String WEB_BACKEND = "gateway-conformance-web-backend";

    private final ResourceIndex index;
    private final ConformanceManifests manifests;
    private final String[] testManifests;
    private final GatewayTranslator translator = new GatewayTranslator();

    private Conformance(ConformanceManifests manifests, String[] testManifests) {
        this.manifests = manifests;
        this.testManifests = testManifests.clone();
        this.index = manifests.index(testManifests);
    }

    /** The base and the named test manifests, translated (see {@link ConformanceManifests#required()}). */
    public static Conformance load(String... testManifests) {
        return new Conformance(ConformanceManifests.required(), testManifests);
    }

    /** Every status the translator computes for the current index (all Gateways of ours). */
    public java.util.List<dev.gantry.proto.ResourceStatus> statuses() {
        return translator.translateAll(index).statuses();
    }

    /** The status of one object ({@code namespace} empty for cluster-scoped kinds). */
    public dev.gantry.proto.ResourceStatus status(String kind, String namespace, String name) {
        return statuses().stream()
                .filter(status -> status.getKind().equals(kind) && status.getNamespace().equals(namespace)
                        && status.getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no status for " + kind + " " + namespace + "/" + name));
    }

    /**
     * Applies a new version of one of the test's objects, as a kubectl edit would: the mutation runs on a
     * fresh copy of the manifest object and the generation goes up by one.
     */
    public void update(String kind, String name, java.util.function.Consumer<Map<String, Object>> mutation) {
        Map<String, Object> object = manifests.objects(testManifests).stream()
                .filter(candidate -> kind.equals(candidate.get("kind"))
                        && name.equals(((Map<?, ?>) candidate.get("metadata")).get("name")))
                .findFirst().orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in the manifests"));
        mutation.accept(object);
        @SuppressWarnings("unchecked")
        Map<String, Object> metadata = (Map<String, Object>) object.get("metadata");
        metadata.put("generation", 2);
        dev.gantry.proto.ResourceEvent event = ConformanceManifests.event(object);
        index.apply(dev.gantry.proto.ResourceKey.of(event), event);
    }

    public ResourceIndex index() {
        return index;
    }

    public EnvoyResources resources(String gateway) {
        return translator.translate(index, gateway);
    }

    public EnvoyRouteEvaluator envoy(String gateway) {
        return new EnvoyRouteEvaluator(resources(gateway));
    }

    /** Checks every exchange against the Gateway's listener on the port; reports all failures at once. */
    public void expect(String gateway, int port, Expect... expects) {
        EnvoyRouteEvaluator envoy = envoy(gateway);
        List<String> failures = new ArrayList<>();
        for (Expect expect : expects) {
            HttpRequest request = ExpectationChecker.requestOf(expect, port);
            HttpOutcome outcome;
            try {
                outcome = envoy.evaluate(request);
            } catch (EnvoyRouteEvaluator.InvalidEnvoyConfigException e) {
                failures.add(expect + ": Envoy would reject the configuration: " + e.getMessage());
                continue;
            }
            List<String> problems = ExpectationChecker.problems(expect, request, outcome, this::podPrefixOf);
            if (!problems.isEmpty()) {
                failures.add(expect + ": " + String.join("; ", problems));
            }
        }
        if (!failures.isEmpty()) {
            fail(gateway + ":" + port + "\n  " + String.join("\n  ", failures));
        }
    }

    /** Fails when any route of the HTTPRoute (or GRPCRoute) {@code namespace/name} made it into the Gateway's tables. */
    public void expectNotAttached(String gateway, String route) {
        for (var configuration : resources(gateway).routeConfigurations()) {
            for (var virtualHost : configuration.getVirtualHostsList()) {
                for (var envoyRoute : virtualHost.getRoutesList()) {
                    if (envoyRoute.getName().startsWith(route + "/")) {
                        fail(route + " must not attach to " + gateway + ", but " + configuration.getName() + " / "
                                + virtualHost.getName() + " holds " + envoyRoute.getName());
                    }
                }
            }
        }
    }

    /**
     * A TLS connection with this SNI (or {@code null}) to the port must be proxied (passthrough or
     * after termination) to exactly this backend; {@code backend == null} means it must be refused.
     */
    public void expectStream(String gateway, int port, String sni, String backend, String namespace) {
        EnvoyRouteEvaluator.StreamOutcome outcome = envoy(gateway).evaluateStream(port, sni);
        String where = gateway + ":" + port + " SNI " + sni;
        if (backend == null) {
            if (outcome.refused().isEmpty()) {
                fail(where + ": expected the connection to be refused, got " + outcome.backends());
            }
            return;
        }
        if (outcome.refused().isPresent()) {
            fail(where + ": expected " + namespace + "/" + backend + ", refused: " + outcome.refused().get());
        }
        for (EnvoyRouteEvaluator.StreamBackend reached : outcome.reachable()) {
            HttpOutcome.ServiceRef service = reached.service().orElse(null);
            // Exact, not a prefix: tls-backend and tls-backend-2 must be told apart.
            if (service == null || !service.namespace().equals(namespace) || !podPrefixOf(service).equals(backend)
                    || reached.problem().isPresent()) {
                fail(where + ": expected " + namespace + "/" + backend + ", got " + reached);
            }
        }
        if (outcome.reachable().isEmpty()) {
            fail(where + ": no backend takes the connection");
        }
    }

    /** Like {@link #expectStream}, and Envoy must terminate TLS (mode Terminate) or pass it through. */
    public void expectStream(String gateway, int port, String sni, String backend, String namespace, boolean terminated) {
        expectStream(gateway, port, sni, backend, namespace);
        EnvoyRouteEvaluator.StreamOutcome outcome = envoy(gateway).evaluateStream(port, sni);
        if (outcome.terminatesTls() != terminated) {
            fail(gateway + ":" + port + " SNI " + sni + ": expected TLS to be " + (terminated ? "terminated" : "passed through")
                    + " by Envoy, but it is " + (outcome.terminatesTls() ? "terminated" : "passed through"));
        }
    }

    /**
     * Envoy must complete (or refuse) the TLS handshake of a client with this SNI that presents a certificate
     * issued by {@code clientIssuerPem} ({@code null}: none), as the suite's MakeTLSRequest... helpers need.
     */
    public void expectHandshake(String gateway, int port, String sni, String clientIssuerPem, boolean accepted) {
        java.util.Optional<String> refused = envoy(gateway).refusesClient(port, sni, clientIssuerPem);
        if (accepted && refused.isPresent()) {
            fail(gateway + ":" + port + " SNI " + sni + ": expected the handshake to succeed, refused: " + refused.get());
        }
        if (!accepted && refused.isEmpty()) {
            fail(gateway + ":" + port + " SNI " + sni + ": expected the handshake to fail, it succeeds");
        }
    }

    /** The outcome of one request, for tests that look at more than the suite's ExpectedResponse can say. */
    public HttpOutcome outcome(String gateway, int port, Expect expect) {
        return envoy(gateway).evaluate(ExpectationChecker.requestOf(expect, port));
    }

    /**
     * Checks the traffic split of a forwarded request: the share of each backend (by pod prefix) among
     * the weights Envoy picks from. The suite samples 500 requests within 5 %; the configuration decides
     * the exact ratio, so it is checked exactly.
     */
    public void expectWeights(String gateway, int port, Expect expect, Map<String, Double> shares) {
        HttpOutcome outcome = envoy(gateway).evaluate(ExpectationChecker.requestOf(expect, port));
        if (!(outcome instanceof HttpOutcome.Forward forward)) {
            fail(gateway + ":" + port + " " + expect + ": expected a forwarded request, got " + outcome);
            return;
        }
        long total = forward.reachable().stream().mapToLong(HttpOutcome.BackendCall::weight).sum();
        Map<String, Double> actual = new TreeMap<>();
        for (HttpOutcome.BackendCall call : forward.reachable()) {
            String pod = call.service().map(this::podPrefixOf).orElse(call.cluster());
            actual.merge(pod, (double) call.weight() / total, Double::sum);
        }
        for (Map.Entry<String, Double> share : shares.entrySet()) {
            double got = actual.getOrDefault(share.getKey(), 0.0);
            if (Math.abs(got - share.getValue()) > 1e-9) {
                fail(gateway + ":" + port + " " + expect + ": expected shares " + shares + ", got " + actual);
            }
        }
        if (!shares.keySet().containsAll(actual.keySet())) {
            fail(gateway + ":" + port + " " + expect + ": unexpected backends in " + actual);
        }
    }

    /**
     * The name prefix of the pods behind a Service: its selector's {@code app} label (the echo
     * Deployments label their pods with their own name). Selector-less Services are the suite's
     * hand-made EndpointSlice cases, which it fills with infra-backend-v1's pods.
     */
    String podPrefixOf(HttpOutcome.ServiceRef service) {
        return index.service(service.namespace(), service.name())
                .map(found -> found.getSpec() == null || found.getSpec().getSelector() == null
                        || found.getSpec().getSelector().isEmpty()
                        ? "infra-backend-v1"
                        : found.getSpec().getSelector().getOrDefault("app", service.name()))
                .orElse(service.name());
    }

    /**
     * Runs one conformance test. A test listed in {@link PendingConformance} that fails is skipped
     * (aborted) with the listed reason; one that passes fails, so the list never goes stale.
     */
    public static void run(String shortName, Executable body) {
        String pending = PendingConformance.reason(shortName);
        try {
            body.execute();
        } catch (TestAbortedException e) {
            throw e;
        } catch (Throwable failure) {
            if (pending != null) {
                throw new TestAbortedException("pending (" + pending + "); currently: " + firstLine(failure));
            }
            if (failure instanceof Error error) {
                throw error;
            }
            throw new AssertionError(shortName + " failed: " + failure, failure);
        }
        if (pending != null) {
            fail(shortName + " passes now: remove it from PendingConformance (was pending: " + pending + ")");
        }
    }

    private static String firstLine(Throwable failure) {
        String message = String.valueOf(failure.getMessage());
        return message.length() > 600 ? message.substring(0, 600) + "..." : message;
    }
}
