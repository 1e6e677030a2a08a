package dev.gantry.conformance;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** What Envoy does with one request, as far as its configuration decides. */
public sealed interface HttpOutcome {

    /** The status code the client sees (200 for a forwarded request whose backend answers 200). */
    int status();

    /** Nothing listens on the port, or no filter chain accepts the connection: the connection fails. */
    record ConnectionRefused(String reason) implements HttpOutcome {
        @Override
        public int status() {
            return 0;
        }
    }

    /** No virtual host or no route matched: Envoy answers 404 itself. */
    record NoRoute(String reason) implements HttpOutcome {
        @Override
        public int status() {
            return 404;
        }
    }

    record DirectResponse(String route, int status, String body) implements HttpOutcome {
    }

    /** A redirect; {@code location} is the absolute URL of the Location header. */
    record Redirect(String route, int status, String location) implements HttpOutcome {
    }

    /**
     * The request is sent upstream to one of {@code backends}, chosen by weight.
     *
     * @param timeout the route's request timeout; empty means Envoy's default (15 s), zero means none
     */
    record Forward(String route, List<BackendCall> backends, List<Mirror> mirrors, Optional<Duration> timeout,
            Optional<Retry> retry) implements HttpOutcome {

        public Forward {
            backends = List.copyOf(backends);
            mirrors = List.copyOf(mirrors);
        }

        /** 200 when every weighted backend can answer; a missing cluster or one without endpoints answers 503. */
        @Override
        public int status() {
            return backends.stream().filter(backend -> backend.weight() > 0)
                    .allMatch(backend -> backend.problem().isEmpty()) ? 200 : 503;
        }

        /** The backends that may receive the request (weight above zero). */
        public List<BackendCall> reachable() {
            return backends.stream().filter(backend -> backend.weight() > 0).toList();
        }
    }

    /**
     * One possible upstream of a forwarded request, and the request it would receive.
     *
     * @param service         the Service behind the cluster ({@code namespace/name:port}), when the cluster
     *                        follows Gantry's naming
     * @param problem         why this upstream cannot answer (cluster unknown, no endpoints), else empty
     * @param responseHeaders the header mutations Envoy applies to this upstream's response
     */
    record BackendCall(String cluster, long weight, Optional<ServiceRef> service, Optional<String> problem,
            String host, String path, String method, Headers headers, UnaryOperator<Headers> responseHeaders) {
    }

    /** A shadow copy of the request; {@code percent} of requests are mirrored. */
    record Mirror(String cluster, Optional<ServiceRef> service, double percent) {
    }

    record Retry(int numRetries, String retryOn, Optional<Duration> perTryTimeout, List<Integer> retriableStatusCodes) {
    }

    record ServiceRef(String namespace, String name, int port) {
    }
}
