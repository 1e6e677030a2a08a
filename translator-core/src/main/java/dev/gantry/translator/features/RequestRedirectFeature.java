package dev.gantry.translator.features;

import dev.gantry.translator.envoy.filters.ListenerContext;
import dev.gantry.translator.model.ir.policy.BackendFilters;
import dev.gantry.translator.model.ir.policy.PathModifierIr;
import dev.gantry.translator.model.ir.policy.RedirectIr;
import io.envoyproxy.envoy.config.route.v3.RedirectAction;
import io.envoyproxy.envoy.config.route.v3.RedirectAction.RedirectResponseCode;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteMatch;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPPathModifier;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRequestRedirectFilter;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteFilter;
import java.util.Map;
import java.util.Optional;

/**
 * RequestRedirect as an Envoy {@link RedirectAction}, which replaces the route's action: read and applied
 * before every other filter ({@link #decidesAction()}).
 *
 * <p>Ports follow the Gateway API: an explicit port wins; without one, a redirect that names a scheme
 * goes to that scheme's well-known port, and one that does not keeps the listener's port. A port that is
 * the well-known port of the resulting scheme is left out of the Location. Leaving {@code port_redirect}
 * unset is right even when the host is kept, because the HCM strips the port from Host
 * ({@code strip_any_host_port}) before routing.
 */
final class RequestRedirectFeature implements Feature {

    static final String FILTER = FilterTypes.REQUEST_REDIRECT;
    private static final Map<Integer, RedirectResponseCode> CODES = Map.of(
            301, RedirectResponseCode.MOVED_PERMANENTLY,
            302, RedirectResponseCode.FOUND,
            303, RedirectResponseCode.SEE_OTHER,
            307, RedirectResponseCode.TEMPORARY_REDIRECT,
            308, RedirectResponseCode.PERMANENT_REDIRECT);

    @Override
    public String name() {
        return FILTER;
    }

    @Override
    public String filterType() {
        return FILTER;
    }

    @Override
    public boolean decidesAction() {
        return true;
    }

    @Override
    public void readFilter(HTTPRouteFilter filter, FilterList list) {
        read(filter.getRequestRedirect(), list.rule().prefixRewritable(), list.problems()).ifPresent(redirect -> {
            list.update(filters -> filters.withRedirect(redirect));
            list.rule().redirected();
        });
    }

    @Override
    public void applyToRoute(RouteContext context, Route.Builder route) {
        RedirectIr own = context.policies().filters().redirect();
        if (own != null) {
            route.setRedirect(translate(own, route.getMatch(), context.listener()));
        }
        // the only backend of a rule may redirect too (stage one reads no backendRef filters after a rule redirect)
        for (BackendFilters backend : context.policies().backends()) {
            if (backend.wholeRoute() && backend.filters().redirect() != null) {
                route.setRedirect(translate(backend.filters().redirect(), route.getMatch(), context.listener()));
            }
        }
    }

    private static Optional<RedirectIr> read(HTTPRequestRedirectFilter filter, boolean prefixRewritable, Problems problems) {
        if (filter == null) {
            problems.invalid(FILTER + " filter has no requestRedirect field");
            return Optional.empty();
        }
        String scheme = filter.getScheme();
        if (scheme != null && !scheme.equals("http") && !scheme.equals("https")) {
            problems.invalid(FILTER + ": scheme " + scheme + " is not supported (http or https)");
            return Optional.empty();
        }
        if (filter.getHostname() != null && !validHostname(filter.getHostname())) {
            problems.invalid(FILTER + ": '" + filter.getHostname() + "' is not a valid hostname");
            return Optional.empty();
        }
        if (filter.getPort() != null && (filter.getPort() < 1 || filter.getPort() > 65_535)) {
            problems.invalid(FILTER + ": port " + filter.getPort() + " is out of range");
            return Optional.empty();
        }
        int status = filter.getStatusCode() == null ? 302 : filter.getStatusCode();
        if (!CODES.containsKey(status)) {
            problems.invalid(FILTER + ": status code " + status + " is not supported (301, 302, 303, 307, 308)");
            return Optional.empty();
        }
        PathModifierIr path = null;
        if (filter.getPath() != null) {
            Optional<PathModifierIr> read = path(filter.getPath(), prefixRewritable, problems);
            if (read.isEmpty()) {
                return Optional.empty();
            }
            path = read.get();
        }
        return Optional.of(new RedirectIr(scheme, filter.getHostname(), filter.getPort(), status, path));
    }

    private static Optional<PathModifierIr> path(HTTPPathModifier path, boolean prefixRewritable, Problems problems) {
        String type = path.getType();
        if (FilterTypes.REPLACE_FULL_PATH.equals(type)) {
            if (!PathRewrites.validPath(path.getReplaceFullPath())) {
                problems.invalid(FILTER + ": replaceFullPath '" + path.getReplaceFullPath() + "' is not a valid path");
                return Optional.empty();
            }
            return Optional.of(new PathModifierIr(PathModifierIr.Kind.FULL_PATH, path.getReplaceFullPath()));
        }
        if (FilterTypes.REPLACE_PREFIX_MATCH.equals(type)) {
            String replacement = path.getReplacePrefixMatch() == null ? "/" : path.getReplacePrefixMatch();
            if (!PathRewrites.validPath(replacement)) {
                problems.invalid(FILTER + ": replacePrefixMatch '" + replacement + "' is not a valid path");
                return Optional.empty();
            }
            if (!prefixRewritable) {
                problems.invalid(FILTER + ": ReplacePrefixMatch needs a PathPrefix match");
                return Optional.empty();
            }
            return Optional.of(new PathModifierIr(PathModifierIr.Kind.PREFIX_MATCH, replacement));
        }
        problems.invalid(FILTER + ": path modifier type " + type + " is not supported");
        return Optional.empty();
    }

    private static RedirectAction translate(RedirectIr filter, RouteMatch match, ListenerContext listener) {
        RedirectAction.Builder redirect = RedirectAction.newBuilder();
        String scheme = filter.scheme();
        if (scheme != null) {
            redirect.setSchemeRedirect(scheme);
        }
        if (filter.hostname() != null) {
            redirect.setHostRedirect(filter.hostname());
        }
        String resultingScheme = scheme != null ? scheme : listener.scheme();
        int port = filter.port() != null ? filter.port() : scheme != null ? wellKnownPort(scheme) : listener.port();
        if (port != wellKnownPort(resultingScheme)) {
            redirect.setPortRedirect(port);
        }
        // Envoy's default is 301; Gateway API's is 302, so the code is always written out.
        redirect.setResponseCode(CODES.get(filter.statusCode()));
        PathModifierIr path = filter.path();
        if (path != null && path.kind() == PathModifierIr.Kind.FULL_PATH) {
            redirect.setPathRedirect(path.value());
        } else if (path != null) {
            // every route of the rule has a path or prefix match (stage one made sure)
            PathRewrites.prefixRewrite(match, path.value()).ifPresent(redirect::setPrefixRewrite);
        }
        return redirect.build();
    }

    static int wellKnownPort(String scheme) {
        return "https".equals(scheme) ? 443 : 80;
    }

    /** RFC 1123 DNS names as the Gateway API allows them (no port, no wildcard, no trailing dot). */
    static boolean validHostname(String hostname) {
        return hostname.length() <= 253 && hostname.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    }
}
