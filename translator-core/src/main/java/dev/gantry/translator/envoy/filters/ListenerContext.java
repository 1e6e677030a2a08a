package dev.gantry.translator.envoy.filters;

/**
 * The listener port a route table serves, which a RequestRedirect needs: Gateway API says a redirect
 * without scheme and port keeps the listener's port (8080 stays 8080), and Envoy would drop the port
 * as soon as it rewrites the host. {@code tls} tells the scheme clients used (https when true).
 */
public record ListenerContext(int port, boolean tls) {

    public ListenerContext {
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("port " + port + " is not a TCP port");
        }
    }

    public String scheme() {
        return tls ? "https" : "http";
    }
}
