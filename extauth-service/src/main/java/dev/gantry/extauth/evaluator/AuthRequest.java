package dev.gantry.extauth.evaluator;

import io.envoyproxy.envoy.config.core.v3.HeaderValue;
import io.envoyproxy.envoy.service.auth.v3.AttributeContext;
import io.envoyproxy.envoy.service.auth.v3.CheckRequest;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One request as an evaluator sees it: Envoy's {@link CheckRequest}, its HTTP attributes read once, and the state
 * that the checks passed so far have merged (an evaluator that authorizes, such as CEL, reads the identity there).
 *
 * @param headers request headers by lower-case name (Envoy lower-cases them; a repeated header arrives joined by
 *                commas)
 * @param state   merged {@link AuthOutcome.Allow#state()} of the checks that passed before this one
 */
public record AuthRequest(CheckRequest raw, String configId, String method, String host, String path, String scheme,
        Map<String, String> headers, Map<String, Object> state) {

    public static AuthRequest of(CheckRequest request, String configId) {
        AttributeContext.HttpRequest http = request.getAttributes().getRequest().getHttp();
        Map<String, String> headers = http.getHeadersMap();
        if (headers.isEmpty() && http.hasHeaderMap()) {
            // Envoy with encode_raw_headers sends header_map instead of headers
            headers = new HashMap<>();
            for (HeaderValue header : http.getHeaderMap().getHeadersList()) {
                String value = header.getValue().isEmpty() ? header.getRawValue().toStringUtf8() : header.getValue();
                headers.merge(header.getKey().toLowerCase(Locale.ROOT), value, (a, b) -> a + "," + b);
            }
        }
        return new AuthRequest(request, configId, http.getMethod(), http.getHost(), http.getPath(), http.getScheme(),
                headers, Map.of());
    }

    /** A header's value, {@code null} when absent; the name in any case. */
    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    /** The path without its query string. */
    public String pathOnly() {
        int query = path.indexOf('?');
        return query < 0 ? path : path.substring(0, query);
    }

    public AuthRequest withState(Map<String, Object> newState) {
        return newState == state ? this : new AuthRequest(raw, configId, method, host, path, scheme, headers, newState);
    }
}
