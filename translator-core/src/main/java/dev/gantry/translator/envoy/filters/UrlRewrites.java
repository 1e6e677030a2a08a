package dev.gantry.translator.envoy.filters;

import io.envoyproxy.envoy.config.route.v3.RouteAction;
import io.envoyproxy.envoy.config.route.v3.RouteMatch;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPPathModifier;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPURLRewriteFilter;
import java.util.Optional;

/** URLRewrite onto a RouteAction: {@code host_rewrite_literal}, and {@code prefix_rewrite} or {@code regex_rewrite}. */
final class UrlRewrites {

    static final String FILTER = "URLRewrite";
    static final String REPLACE_FULL_PATH = "ReplaceFullPath";
    static final String REPLACE_PREFIX_MATCH = "ReplacePrefixMatch";

    private UrlRewrites() {
    }

    /** What the filter asks for, checked; applied later so that an invalid rule changes nothing. */
    record Rewrite(Optional<String> hostname, Optional<HTTPPathModifier> path) {

        boolean rewritesPath() {
            return path.isPresent();
        }
    }

    static Optional<Rewrite> check(HTTPURLRewriteFilter filter, Problems problems) {
        if (filter == null) {
            problems.invalid(FILTER + " filter has no urlRewrite field");
            return Optional.empty();
        }
        if (filter.getHostname() != null && !Redirects.validHostname(filter.getHostname())) {
            problems.invalid(FILTER + ": '" + filter.getHostname() + "' is not a valid hostname");
            return Optional.empty();
        }
        HTTPPathModifier path = filter.getPath();
        if (path != null) {
            String replacement = REPLACE_FULL_PATH.equals(path.getType()) ? path.getReplaceFullPath()
                    : REPLACE_PREFIX_MATCH.equals(path.getType())
                            ? (path.getReplacePrefixMatch() == null ? "/" : path.getReplacePrefixMatch()) : null;
            if (!REPLACE_FULL_PATH.equals(path.getType()) && !REPLACE_PREFIX_MATCH.equals(path.getType())) {
                problems.invalid(FILTER + ": path modifier type " + path.getType() + " is not supported");
                return Optional.empty();
            }
            if (!PathRewrites.validPath(replacement)) {
                problems.invalid(FILTER + ": '" + replacement + "' is not a valid path");
                return Optional.empty();
            }
        }
        return Optional.of(new Rewrite(Optional.ofNullable(filter.getHostname()), Optional.ofNullable(path)));
    }

    /** Writes the rewrite into {@code action}; false (with a problem) when this route's match cannot take it. */
    static boolean apply(Rewrite rewrite, RouteMatch match, RouteAction.Builder action, Problems problems) {
        rewrite.hostname().ifPresent(action::setHostRewriteLiteral);
        if (rewrite.path().isEmpty()) {
            return true;
        }
        if (action.hasRegexRewrite() || !action.getPrefixRewrite().isEmpty()) {
            problems.invalid(FILTER + ": the path is rewritten twice (rule and backendRef)");
            return false;
        }
        HTTPPathModifier path = rewrite.path().get();
        if (REPLACE_FULL_PATH.equals(path.getType())) {
            action.setRegexRewrite(PathRewrites.fullPath(path.getReplaceFullPath()));
            return true;
        }
        Optional<String> prefix = PathRewrites.prefixRewrite(match, path.getReplacePrefixMatch());
        if (prefix.isEmpty()) {
            problems.invalid(FILTER + ": ReplacePrefixMatch needs a PathPrefix match");
            return false;
        }
        action.setPrefixRewrite(prefix.get());
        return true;
    }
}
