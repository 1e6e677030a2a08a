package dev.gantry.translator.envoy.filters;

import io.envoyproxy.envoy.config.route.v3.RedirectAction;
import io.envoyproxy.envoy.config.route.v3.RedirectAction.RedirectResponseCode;
import io.envoyproxy.envoy.config.route.v3.RouteMatch;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPPathModifier;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRequestRedirectFilter;
import java.util.Map;
import java.util.Optional;

/**
 * RequestRedirect as an Envoy {@link RedirectAction}.
 *
 * <p>Ports follow the Gateway API: an explicit port wins; without one, a redirect that names a scheme
 * goes to that scheme's well-known port, and one that does not keeps the listener's port. A port that is
 * the well-known port of the resulting scheme is left out of the Location. Leaving {@code port_redirect}
 * unset is right even when the host is kept, because the HCM strips the port from Host
 * ({@code strip_any_host_port}) before routing.
 */
final class Redirects {

    static final String FILTER = "RequestRedirect";
    private static final Map<Integer, RedirectResponseCode> CODES = Map.of(
            301, RedirectResponseCode.MOVED_PERMANENTLY,
            302, RedirectResponseCode.FOUND,
            303, RedirectResponseCode.SEE_OTHER,
            307, RedirectResponseCode.TEMPORARY_REDIRECT,
            308, RedirectResponseCode.PERMANENT_REDIRECT);

    private Redirects() {
    }

    static Optional<RedirectAction> translate(HTTPRequestRedirectFilter filter, RouteMatch match,
            ListenerContext listener, Problems problems) {
        if (filter == null) {
            problems.invalid(FILTER + " filter has no requestRedirect field");
            return Optional.empty();
        }
        RedirectAction.Builder redirect = RedirectAction.newBuilder();
        String scheme = filter.getScheme();
        if (scheme != null && !scheme.equals("http") && !scheme.equals("https")) {
            problems.invalid(FILTER + ": scheme " + scheme + " is not supported (http or https)");
            return Optional.empty();
        }
        if (scheme != null) {
            redirect.setSchemeRedirect(scheme);
        }
        if (filter.getHostname() != null) {
            if (!validHostname(filter.getHostname())) {
                problems.invalid(FILTER + ": '" + filter.getHostname() + "' is not a valid hostname");
                return Optional.empty();
            }
            redirect.setHostRedirect(filter.getHostname());
        }
        if (filter.getPort() != null && (filter.getPort() < 1 || filter.getPort() > 65_535)) {
            problems.invalid(FILTER + ": port " + filter.getPort() + " is out of range");
            return Optional.empty();
        }
        String resultingScheme = scheme != null ? scheme : listener.scheme();
        int port = filter.getPort() != null ? filter.getPort()
                : scheme != null ? wellKnownPort(scheme) : listener.port();
        if (port != wellKnownPort(resultingScheme)) {
            redirect.setPortRedirect(port);
        }
        Integer status = filter.getStatusCode() == null ? 302 : filter.getStatusCode();
        RedirectResponseCode code = CODES.get(status);
        if (code == null) {
            problems.invalid(FILTER + ": status code " + status + " is not supported (301, 302, 303, 307, 308)");
            return Optional.empty();
        }
        // Envoy's default is 301; Gateway API's is 302, so the code is always written out.
        redirect.setResponseCode(code);
        if (filter.getPath() != null && !setPath(filter.getPath(), match, redirect, problems)) {
            return Optional.empty();
        }
        return Optional.of(redirect.build());
    }

    private static boolean setPath(HTTPPathModifier path, RouteMatch match, RedirectAction.Builder redirect,
            Problems problems) {
        String type = path.getType();
        if (UrlRewrites.REPLACE_FULL_PATH.equals(type)) {
            if (!PathRewrites.validPath(path.getReplaceFullPath())) {
                problems.invalid(FILTER + ": replaceFullPath '" + path.getReplaceFullPath() + "' is not a valid path");
                return false;
            }
            redirect.setPathRedirect(path.getReplaceFullPath());
            return true;
        }
        if (UrlRewrites.REPLACE_PREFIX_MATCH.equals(type)) {
            String replacement = path.getReplacePrefixMatch() == null ? "/" : path.getReplacePrefixMatch();
            if (!PathRewrites.validPath(replacement)) {
                problems.invalid(FILTER + ": replacePrefixMatch '" + replacement + "' is not a valid path");
                return false;
            }
            Optional<String> rewrite = PathRewrites.prefixRewrite(match, replacement);
            if (rewrite.isEmpty()) {
                problems.invalid(FILTER + ": ReplacePrefixMatch needs a PathPrefix match");
                return false;
            }
            redirect.setPrefixRewrite(rewrite.get());
            return true;
        }
        problems.invalid(FILTER + ": path modifier type " + type + " is not supported");
        return false;
    }

    static int wellKnownPort(String scheme) {
        return "https".equals(scheme) ? 443 : 80;
    }

    /** RFC 1123 DNS names as the Gateway API allows them (no port, no wildcard, no trailing dot). */
    static boolean validHostname(String hostname) {
        return hostname.length() <= 253 && hostname.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    }
}
