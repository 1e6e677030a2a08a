package dev.gantry.translator.features;

import io.envoyproxy.envoy.config.route.v3.RouteMatch;
import io.envoyproxy.envoy.type.matcher.v3.RegexMatchAndSubstitute;
import io.envoyproxy.envoy.type.matcher.v3.RegexMatcher;
import java.util.Optional;

/**
 * Path replacement for URLRewrite and RequestRedirect.
 *
 * <p><b>ReplacePrefixMatch</b> relies on how the translator emits a PathPrefix {@code /foo}: two routes,
 * {@code path: /foo} and {@code prefix: /foo/} (a PathPrefix {@code /} stays {@code prefix: /}). Envoy's
 * {@code prefix_rewrite} swaps the matched part, the whole path for a {@code path} match. So for the
 * {@code path} route the replacement is used as is ({@code /foo → /xyz}, or {@code /} for an empty one)
 * and for a {@code prefix} route, which matched a trailing {@code /}, the replacement gets exactly one
 * trailing {@code /}: {@code /foo/bar → /xyz/bar}, and with the replacement {@code /}, {@code /foo/bar → /bar}
 * — never {@code //bar}, as the Gateway API asks.
 *
 * <p><b>ReplaceFullPath</b> is a regex over the path only, which keeps the query string.
 */
final class PathRewrites {

    private static final String WHOLE_PATH = "^/.*$";

    private PathRewrites() {
    }

    /** The {@code prefix_rewrite} for this route's match, or empty when its match is not a path prefix. */
    static Optional<String> prefixRewrite(RouteMatch match, String replacement) {
        String target = replacement == null || replacement.isEmpty() ? "/" : replacement;
        return switch (match.getPathSpecifierCase()) {
            case PATH -> Optional.of(target);
            case PREFIX -> Optional.of(target.endsWith("/") ? target : target + "/");
            default -> Optional.empty();
        };
    }

    static RegexMatchAndSubstitute fullPath(String replacement) {
        // RE2 substitutions treat backslash as an escape (\1 is a group); a literal one is doubled.
        return RegexMatchAndSubstitute.newBuilder()
                .setPattern(RegexMatcher.newBuilder().setRegex(WHOLE_PATH))
                .setSubstitution(replacement.replace("\\", "\\\\"))
                .build();
    }

    /** Gateway API paths: absolute, and nothing that would end the path or break a header. */
    static boolean validPath(String path) {
        if (path == null || !path.startsWith("/")) {
            return false;
        }
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c <= ' ' || c == 0x7f || c == '?' || c == '#') {
                return false;
            }
        }
        return true;
    }
}
