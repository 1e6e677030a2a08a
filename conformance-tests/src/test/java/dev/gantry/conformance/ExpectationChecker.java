package dev.gantry.conformance;

import dev.gantry.conformance.HttpOutcome.BackendCall;
import dev.gantry.conformance.HttpOutcome.Forward;
import dev.gantry.conformance.HttpOutcome.Redirect;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Judges an {@link Expect} against the evaluator's outcome with the rules of the suite's
 * {@code CompareRequest} (conformance/utils/http/http.go). A forwarded request passes only if every
 * backend it may reach (weight above zero) passes: the suite demands three consecutive successes,
 * which a split between good and bad backends would eventually fail.
 */
final class ExpectationChecker {

    /** The Gateway's address as the suite would read it from status (TEST-NET-1). */
    static final String GATEWAY_ADDRESS = "192.0.2.1";

    private ExpectationChecker() {
    }

    static HttpRequest requestOf(Expect expect, int port) {
        String host = expect.host.isEmpty() ? calculateHost(port, expect.scheme) : expect.host;
        HttpRequest request = new HttpRequest(port, expect.scheme, null, host, expect.path, expect.method, Headers.empty());
        if ("https".equals(expect.scheme)) {
            request = request.overTls();
        }
        if (expect.sni != null) {
            request = request.withSni(expect.sni);
        }
        for (Map.Entry<String, String> header : expect.headers.entrySet()) {
            request = request.withHeader(header.getKey(), header.getValue());
        }
        List<String> sets = new ArrayList<>();
        expect.backendSetResponseHeaders.forEach((name, value) -> sets.add(name + ":" + value));
        return request.withHeader("X-Echo-Set-Header", String.join(",", sets));
    }

    /** The suite's CalculateHost: no port when it is the scheme's default. */
    static String calculateHost(int port, String scheme) {
        if (("http".equals(scheme) && port == 80) || ("https".equals(scheme) && port == 443)) {
            return GATEWAY_ADDRESS;
        }
        return GATEWAY_ADDRESS + ":" + port;
    }

    /** Every way the outcome differs from the expectation; empty when it passes. */
    static List<String> problems(Expect expect, HttpRequest request, HttpOutcome outcome,
            Function<HttpOutcome.ServiceRef, String> podPrefix) {
        List<String> problems = new ArrayList<>();
        int status = outcome.status();
        if (outcome instanceof Forward forward && status == 200 && timesOut(forward, expect.backendDelay)) {
            status = 504;
        }
        if (status != expect.status) {
            problems.add("expected status " + expect.status + ", got " + status + " (" + describe(outcome) + ")");
            return problems;
        }
        if (outcome instanceof Forward forward) {
            for (BackendCall call : forward.reachable()) {
                checkBackend(expect, call, podPrefix, problems);
            }
            checkMirrors(expect, forward, problems);
        } else if (outcome instanceof Redirect redirect && expect.redirect) {
            checkRedirect(expect, request, redirect, problems);
        }
        return problems;
    }

    private static void checkBackend(Expect expect, BackendCall call, Function<HttpOutcome.ServiceRef, String> podPrefix,
            List<String> problems) {
        String where = " at " + call.cluster();
        String expectedHost = expect.expectedRequest ? expect.expectedHost : expect.host;
        String expectedPath = expect.expectedRequest ? expect.expectedPath : expect.path;
        String expectedMethod = expect.expectedRequest
                ? (expect.expectedMethod.isEmpty() ? "GET" : expect.expectedMethod) : expect.method;
        Map<String, String> expectedHeaders = expect.expectedRequest ? expect.expectedHeaders : expect.headers;
        if (!expectedHost.isEmpty() && !expectedHost.equals(call.host())) {
            problems.add("expected host " + expectedHost + ", got " + call.host() + where);
        }
        if (!expectedPath.equals(call.path())) {
            problems.add("expected path " + expectedPath + ", got " + call.path() + where);
        }
        if (!expectedMethod.equals(call.method())) {
            problems.add("expected method " + expectedMethod + ", got " + call.method() + where);
        }
        String namespace = call.service().map(HttpOutcome.ServiceRef::namespace).orElse("?");
        String service = call.service().map(podPrefix).orElse(call.cluster());
        if (!expect.namespace.isEmpty() && !expect.namespace.equals(namespace)) {
            problems.add("expected namespace " + expect.namespace + ", got " + namespace + where);
        }
        // The suite checks the answering pod's name; pods are named after their Deployment.
        if (!service.startsWith(expect.backend)) {
            problems.add("expected backend " + expect.backend + ", got " + service + where);
        }
        expectedHeaders.forEach((name, value) -> {
            Optional<String> actual = call.headers().joined(name);
            if (actual.isEmpty() || !actual.get().equals(value)) {
                problems.add("expected request header " + name + ": " + value + ", got " + actual.orElse("<absent>") + where);
            }
        });
        for (String name : expect.absentHeaders) {
            call.headers().joined(name).ifPresent(value ->
                    problems.add("expected request header " + name + " absent, got " + value + where));
        }
        Headers fromBackend = Headers.empty();
        for (Map.Entry<String, String> header : expect.backendSetResponseHeaders.entrySet()) {
            fromBackend = fromBackend.append(header.getKey(), header.getValue());
        }
        Headers response = call.responseHeaders().apply(fromBackend);
        expect.responseHeaders.forEach((name, value) -> {
            Optional<String> actual = response.joined(name);
            if (actual.isEmpty() || !actual.get().equals(value)) {
                problems.add("expected response header " + name + ": " + value + ", got " + actual.orElse("<absent>") + where);
            }
        });
        for (String name : expect.responseAbsentHeaders) {
            response.joined(name).ifPresent(value ->
                    problems.add("expected response header " + name + " absent, got " + value + where));
        }
    }

    /**
     * Envoy's route timeout defaults to 15 s (0 disables it); a retry policy's per_try_timeout bounds
     * each attempt. A backend slower than either makes Envoy answer 504.
     */
    static boolean timesOut(Forward forward, java.time.Duration delay) {
        java.time.Duration route = forward.timeout().orElse(java.time.Duration.ofSeconds(15));
        if (!route.isZero() && delay.compareTo(route) >= 0) {
            return true;
        }
        return forward.retry().flatMap(HttpOutcome.Retry::perTryTimeout)
                .filter(perTry -> !perTry.isZero() && delay.compareTo(perTry) >= 0).isPresent();
    }

    private static void checkMirrors(Expect expect, Forward forward, List<String> problems) {
        for (String[] mirror : expect.mirroredTo) {
            boolean found = forward.mirrors().stream().anyMatch(candidate -> candidate.service()
                    .filter(service -> service.name().equals(mirror[0]) && service.namespace().equals(mirror[1]))
                    .isPresent()
                    && (mirror[2].isEmpty() || Math.abs(candidate.percent() - Double.parseDouble(mirror[2])) < 1e-9));
            if (!found) {
                problems.add("expected a mirror to " + mirror[1] + "/" + mirror[0] + ", got " + forward.mirrors());
            }
        }
    }

    private static void checkRedirect(Expect expect, HttpRequest request, Redirect redirect, List<String> problems) {
        URI location = URI.create(redirect.location());
        String gotHost = location.getHost();
        String gotPort = location.getPort() < 0 ? "" : String.valueOf(location.getPort());
        String gotScheme = location.getScheme();
        String gotPath = location.getRawPath();
        String host = expect.redirectHost.isEmpty() ? gotHost : expect.redirectHost;
        String scheme = expect.redirectScheme.isEmpty() ? request.scheme() : expect.redirectScheme;
        String path = expect.redirectPath.isEmpty() ? request.pathOnly() : expect.redirectPath;
        if (!host.equals(gotHost)) {
            problems.add("expected redirect host " + host + ", got " + gotHost + " (" + redirect.location() + ")");
        }
        if (expect.redirectPort.isEmpty()) {
            if ("http".equalsIgnoreCase(gotScheme) && !gotPort.equals("80") && !gotPort.isEmpty()) {
                problems.add("for http, expected redirect port 80 or none, got " + gotPort + " (" + redirect.location() + ")");
            }
            if ("https".equalsIgnoreCase(gotScheme) && !gotPort.equals("443") && !gotPort.isEmpty()) {
                problems.add("for https, expected redirect port 443 or none, got " + gotPort + " (" + redirect.location() + ")");
            }
        } else if (!expect.redirectPort.equals(gotPort)) {
            problems.add("expected redirect port " + expect.redirectPort + ", got " + gotPort + " (" + redirect.location() + ")");
        }
        if (!scheme.equals(gotScheme)) {
            problems.add("expected redirect scheme " + scheme + ", got " + gotScheme + " (" + redirect.location() + ")");
        }
        if (!path.equals(gotPath)) {
            problems.add("expected redirect path " + path + ", got " + gotPath + " (" + redirect.location() + ")");
        }
    }

    static String describe(HttpOutcome outcome) {
        if (outcome instanceof Forward forward) {
            StringBuilder text = new StringBuilder("forward via " + forward.route() + " to");
            for (BackendCall call : forward.backends()) {
                text.append(' ').append(call.cluster()).append(" w=").append(call.weight())
                        .append(call.problem().map(problem -> " [" + problem + "]").orElse(""));
            }
            return text.toString();
        }
        return outcome.toString();
    }
}
