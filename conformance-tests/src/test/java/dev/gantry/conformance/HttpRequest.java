package dev.gantry.conformance;

import java.util.Objects;

/**
 * A request as it reaches Envoy's listener.
 *
 * @param port      the listener port the client connected to
 * @param scheme    {@code http} or {@code https}
 * @param sni       the TLS server name, or {@code null} (plain text, or a client sending none)
 * @param host      the Host / :authority header, possibly with a port
 * @param path      the :path header, query string included
 * @param method    the :method header
 * @param headers   every other request header
 */
public record HttpRequest(int port, String scheme, String sni, String host, String path, String method,
        Headers headers) {

    public HttpRequest {
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(headers, "headers");
    }

    public static HttpRequest get(int port, String host, String path) {
        return new HttpRequest(port, "http", null, host, path, "GET", Headers.empty());
    }

    public HttpRequest withHeader(String name, String value) {
        return new HttpRequest(port, scheme, sni, host, path, method, headers.append(name, value));
    }

    public HttpRequest withMethod(String newMethod) {
        return new HttpRequest(port, scheme, sni, host, path, newMethod, headers);
    }

    /** An HTTPS request whose SNI is the host without its port. */
    public HttpRequest overTls() {
        int colon = host.lastIndexOf(':');
        String serverName = colon < 0 || host.endsWith("]") ? host : host.substring(0, colon);
        return new HttpRequest(port, "https", serverName, host, path, method, headers);
    }

    public HttpRequest withSni(String serverName) {
        return new HttpRequest(port, scheme, serverName, host, path, method, headers);
    }

    /** The path without its query string. */
    public String pathOnly() {
        int query = path.indexOf('?');
        return query < 0 ? path : path.substring(0, query);
    }

    /** The query string without {@code ?}, or empty. */
    public String query() {
        int query = path.indexOf('?');
        return query < 0 ? "" : path.substring(query + 1);
    }
}
