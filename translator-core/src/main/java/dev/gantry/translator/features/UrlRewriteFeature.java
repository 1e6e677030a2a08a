package dev.gantry.translator.features;

import dev.gantry.translator.model.ir.policy.BackendFilters;
import dev.gantry.translator.model.ir.policy.PathModifierIr;
import dev.gantry.translator.model.ir.policy.UrlRewriteIr;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteAction;
import io.envoyproxy.envoy.config.route.v3.RouteMatch;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPPathModifier;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteFilter;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPURLRewriteFilter;
import java.util.Optional;

/**
 * URLRewrite onto a RouteAction: {@code host_rewrite_literal}, and {@code prefix_rewrite} or
 * {@code regex_rewrite}. On one of several weighted backends only the hostname can be rewritten (Envoy has
 * {@code host_rewrite_literal} per weighted cluster, no path rewrite). A path is rewritten once at most: a
 * rule's and its only backendRef's path rewrites together are refused.
 */
final class UrlRewriteFeature implements Feature {

    static final String FILTER = FilterTypes.URL_REWRITE;

    @Override
    public String name() {
        return FILTER;
    }

    @Override
    public String filterType() {
        return FILTER;
    }

    @Override
    public boolean worksPerWeightedBackend() {
        return true;
    }

    @Override
    public void readFilter(HTTPRouteFilter filter, FilterList list) {
        Optional<UrlRewriteIr> read = read(filter.getUrlRewrite(), list.problems());
        if (read.isEmpty()) {
            return;
        }
        UrlRewriteIr rewrite = read.get();
        if (list.perWeightedBackend()) {
            if (rewrite.path() != null) {
                list.problems().invalid(list.where() + ": URLRewrite of the path is not supported on one of several backends");
            } else if (rewrite.hostname() != null) {
                list.update(filters -> filters.withUrlRewrite(rewrite));
            }
            return;
        }
        if (!list.rule().forwards()) {
            return; // nothing forwards for it to rewrite (a redirect, or the rule's 500)
        }
        if (rewrite.path() != null) {
            if (list.rule().pathRewritten()) {
                list.problems().invalid(FILTER + ": the path is rewritten twice (rule and backendRef)");
                return;
            }
            if (rewrite.path().kind() == PathModifierIr.Kind.PREFIX_MATCH && !list.rule().prefixRewritable()) {
                list.problems().invalid(FILTER + ": ReplacePrefixMatch needs a PathPrefix match");
                return;
            }
            list.rule().pathRewrittenNow();
        }
        list.update(filters -> filters.withUrlRewrite(rewrite));
    }

    @Override
    public void applyToRoute(RouteContext context, Route.Builder route) {
        UrlRewriteIr own = context.policies().filters().urlRewrite();
        if (own != null && route.hasRoute()) {
            apply(own, route.getMatch(), route.getRouteBuilder());
        }
        for (BackendFilters backend : context.policies().backends()) {
            UrlRewriteIr rewrite = backend.filters().urlRewrite();
            if (rewrite == null) {
                continue;
            }
            if (backend.wholeRoute()) {
                if (route.hasRoute()) {
                    apply(rewrite, route.getMatch(), route.getRouteBuilder());
                }
            } else {
                WeightedClusters.of(route, backend.cluster()).forEach(weight -> weight.setHostRewriteLiteral(rewrite.hostname()));
            }
        }
    }

    private static void apply(UrlRewriteIr rewrite, RouteMatch match, RouteAction.Builder action) {
        if (rewrite.hostname() != null) {
            action.setHostRewriteLiteral(rewrite.hostname());
        }
        PathModifierIr path = rewrite.path();
        if (path == null) {
            return;
        }
        if (path.kind() == PathModifierIr.Kind.FULL_PATH) {
            action.setRegexRewrite(PathRewrites.fullPath(path.value()));
        } else {
            // every route of the rule has a path or prefix match (stage one made sure)
            PathRewrites.prefixRewrite(match, path.value()).ifPresent(action::setPrefixRewrite);
        }
    }

    private static Optional<UrlRewriteIr> read(HTTPURLRewriteFilter filter, Problems problems) {
        if (filter == null) {
            problems.invalid(FILTER + " filter has no urlRewrite field");
            return Optional.empty();
        }
        if (filter.getHostname() != null && !RequestRedirectFeature.validHostname(filter.getHostname())) {
            problems.invalid(FILTER + ": '" + filter.getHostname() + "' is not a valid hostname");
            return Optional.empty();
        }
        HTTPPathModifier path = filter.getPath();
        if (path == null) {
            return Optional.of(new UrlRewriteIr(filter.getHostname(), null));
        }
        boolean fullPath = FilterTypes.REPLACE_FULL_PATH.equals(path.getType());
        if (!fullPath && !FilterTypes.REPLACE_PREFIX_MATCH.equals(path.getType())) {
            problems.invalid(FILTER + ": path modifier type " + path.getType() + " is not supported");
            return Optional.empty();
        }
        String replacement = fullPath ? path.getReplaceFullPath()
                : path.getReplacePrefixMatch() == null ? "/" : path.getReplacePrefixMatch();
        if (!PathRewrites.validPath(replacement)) {
            problems.invalid(FILTER + ": '" + replacement + "' is not a valid path");
            return Optional.empty();
        }
        return Optional.of(new UrlRewriteIr(filter.getHostname(), new PathModifierIr(
                fullPath ? PathModifierIr.Kind.FULL_PATH : PathModifierIr.Kind.PREFIX_MATCH, replacement)));
    }
}
