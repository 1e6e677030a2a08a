package dev.gantry.translator.model.ir.policy;

/**
 * A checked RequestRedirect. The port is left as written because the one the client sees depends on the
 * listener (a redirect without scheme and port keeps the listener's), which stage two knows.
 *
 * @param scheme {@code http}, {@code https} or {@code null} (keep the request's)
 * @param hostname or {@code null} (keep the request's)
 * @param port as written, or {@code null}
 * @param statusCode 301, 302, 303, 307 or 308
 * @param path or {@code null} (keep the request's)
 */
public record RedirectIr(String scheme, String hostname, Integer port, int statusCode, PathModifierIr path) {
}
