package dev.gantry.translator.envoy;

import com.google.protobuf.BoolValue;
import dev.gantry.translator.envoy.MatchPrecedence.PathKind;
import io.envoyproxy.envoy.config.route.v3.HeaderMatcher;
import io.envoyproxy.envoy.config.route.v3.QueryParameterMatcher;
import io.envoyproxy.envoy.config.route.v3.RouteMatch;
import io.envoyproxy.envoy.type.matcher.v3.RegexMatcher;
import io.envoyproxy.envoy.type.matcher.v3.StringMatcher;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPHeaderMatch;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPPathMatch;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPQueryParamMatch;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteMatch;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Translates one Gateway API HTTPRouteMatch into Envoy RouteMatches (one, or two for a path prefix).
 *
 * <p><b>Path prefixes.</b> Gateway API's PathPrefix matches whole path segments ({@code /foo} matches
 * {@code /foo} and {@code /foo/bar}, not {@code /foobar}; a trailing {@code /} is ignored). Envoy's
 * {@code path_separated_prefix} means exactly that, but grpc-java's xDS client (checked in
 * {@code XdsRouteConfigureResource.parsePathMatcher} of grpc-xds 1.85.1) knows only {@code prefix},
 * {@code path} and {@code safe_regex}: anything else is "Unknown path match type", which NACKs the
 * whole RouteConfiguration and so breaks every proxyless client of the Gateway. A {@code safe_regex}
 * would work for both but costs a regex evaluation per request in Envoy and is subject to RE2's
 * program-size limit. So a prefix {@code /foo} becomes two adjacent routes that both clients
 * understand and that together mean the same: {@code path: /foo} and {@code prefix: /foo/}.
 * {@code /} stays a plain {@code prefix: /}. (Verified by feeding these routes to grpc-xds 1.85.1's
 * own route parser: {@code path}, {@code prefix} and {@code safe_regex} parse, header matchers too.)
 */
final class RouteMatchTranslator {

    static final String EXACT = "Exact";
    static final String PATH_PREFIX = "PathPrefix";
    static final String REGULAR_EXPRESSION = "RegularExpression";
    private static final String METHOD_HEADER = ":method";
    // Constructs RE2 (Envoy's and grpc's regex engine) rejects although java.util.regex accepts them.
    private static final Pattern NOT_RE2 = Pattern.compile("\\(\\?[=!>]|\\(\\?<[=!]|\\\\[1-9]|[*+?}]\\+");

    /** An Envoy match and the suffix its route name gets (empty, {@code /exact} or {@code /prefix}). */
    record NamedMatch(String nameSuffix, RouteMatch match) {
    }

    /** The Envoy matches of one HTTPRouteMatch, in the order they must appear, and its precedence. */
    record TranslatedMatch(MatchPrecedence precedence, List<NamedMatch> matches) {
    }

    /** Thrown for a match Envoy could not accept; the caller drops the match and reports the reason. */
    static final class InvalidMatchException extends Exception {
        InvalidMatchException(String message) {
            super(message, null, false, false);
        }
    }

    /** A rule without matches matches every request: the PathPrefix {@code /}. */
    static HTTPRouteMatch matchAll() {
        HTTPRouteMatch match = new HTTPRouteMatch();
        match.setPath(new HTTPPathMatch(PATH_PREFIX, "/"));
        return match;
    }

    TranslatedMatch translate(HTTPRouteMatch match) throws InvalidMatchException {
        // Gateway API paths match case-sensitively. Envoy defaults to that, but grpc-xds reads an unset
        // case_sensitive as false, so it is set explicitly to make both clients agree.
        RouteMatch.Builder common = RouteMatch.newBuilder().setCaseSensitive(BoolValue.of(true));
        boolean hasMethod = match.getMethod() != null && !match.getMethod().isEmpty();
        if (hasMethod) {
            requireHeaderSafe("method", match.getMethod());
            common.addHeaders(HeaderMatcher.newBuilder().setName(METHOD_HEADER)
                    .setStringMatch(StringMatcher.newBuilder().setExact(match.getMethod())));
        }
        int headerCount = addHeaders(common, match.getHeaders());
        int queryCount = addQueryParams(common, match.getQueryParams());

        HTTPPathMatch path = match.getPath() == null ? new HTTPPathMatch(PATH_PREFIX, "/") : match.getPath();
        String type = path.getType() == null ? PATH_PREFIX : path.getType();
        String value = path.getValue() == null ? "/" : path.getValue();
        return switch (type) {
            case EXACT -> {
                requirePath(value);
                yield new TranslatedMatch(new MatchPrecedence(PathKind.EXACT, value.length(), hasMethod, headerCount, queryCount),
                        List.of(new NamedMatch("", common.clone().setPath(value).build())));
            }
            case PATH_PREFIX -> {
                requirePath(value);
                String prefix = withoutTrailingSlashes(value);
                MatchPrecedence precedence = new MatchPrecedence(PathKind.PREFIX, Math.max(prefix.length(), 1),
                        hasMethod, headerCount, queryCount);
                if (prefix.isEmpty()) {
                    yield new TranslatedMatch(precedence, List.of(new NamedMatch("", common.clone().setPrefix("/").build())));
                }
                yield new TranslatedMatch(precedence, List.of(
                        new NamedMatch("/exact", common.clone().setPath(prefix).build()),
                        new NamedMatch("/prefix", common.clone().setPrefix(prefix + "/").build())));
            }
            case REGULAR_EXPRESSION -> {
                requireRegex(value);
                yield new TranslatedMatch(new MatchPrecedence(PathKind.REGULAR_EXPRESSION, value.length(), hasMethod,
                        headerCount, queryCount),
                        List.of(new NamedMatch("", common.clone().setSafeRegex(regex(value)).build())));
            }
            default -> throw new InvalidMatchException("path match type " + type + " is not supported");
        };
    }

    /** Header names are case-insensitive; only the first match of a name counts (Gateway API). */
    private int addHeaders(RouteMatch.Builder builder, List<HTTPHeaderMatch> headers) throws InvalidMatchException {
        if (headers == null) {
            return 0;
        }
        Set<String> names = new HashSet<>();
        int count = 0;
        for (HTTPHeaderMatch header : headers) {
            if (header == null || header.getName() == null || header.getName().isEmpty()) {
                throw new InvalidMatchException("a header match has no name");
            }
            if (!names.add(header.getName().toLowerCase(Locale.ROOT))) {
                continue;
            }
            requireHeaderSafe("header name", header.getName());
            builder.addHeaders(HeaderMatcher.newBuilder().setName(header.getName())
                    .setStringMatch(stringMatcher("header " + header.getName(), header.getType(), header.getValue())));
            count++;
        }
        return count;
    }

    /** Query parameter names are case-sensitive; only the first match of a name counts (Gateway API). */
    private int addQueryParams(RouteMatch.Builder builder, List<HTTPQueryParamMatch> params)
            throws InvalidMatchException {
        if (params == null) {
            return 0;
        }
        Set<String> names = new HashSet<>();
        int count = 0;
        for (HTTPQueryParamMatch param : params) {
            if (param == null || param.getName() == null || param.getName().isEmpty()) {
                throw new InvalidMatchException("a query parameter match has no name");
            }
            if (!names.add(param.getName())) {
                continue;
            }
            builder.addQueryParameters(QueryParameterMatcher.newBuilder().setName(param.getName())
                    .setStringMatch(stringMatcher("query parameter " + param.getName(), param.getType(), param.getValue())));
            count++;
        }
        return count;
    }

    private static StringMatcher stringMatcher(String what, String type, String value) throws InvalidMatchException {
        String matchType = type == null ? EXACT : type;
        String expected = value == null ? "" : value;
        requireHeaderSafe(what, expected);
        return switch (matchType) {
            case EXACT -> StringMatcher.newBuilder().setExact(expected).build();
            case REGULAR_EXPRESSION -> {
                requireRegex(expected);
                yield StringMatcher.newBuilder().setSafeRegex(regex(expected)).build();
            }
            default -> throw new InvalidMatchException(what + ": match type " + matchType + " is not supported");
        };
    }

    private static RegexMatcher regex(String pattern) {
        return RegexMatcher.newBuilder().setRegex(pattern).build();
    }

    private static void requirePath(String path) throws InvalidMatchException {
        if (!path.startsWith("/")) {
            throw new InvalidMatchException("path " + path + " does not start with /");
        }
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c <= ' ' || c == 0x7f || c == '?' || c == '#') {
                throw new InvalidMatchException("path " + path + " contains a character not allowed in a path");
            }
        }
    }

    private static void requireHeaderSafe(String what, String value) throws InvalidMatchException {
        if (value.indexOf('\0') >= 0 || value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
            throw new InvalidMatchException(what + " contains NUL, CR or LF");
        }
    }

    private static void requireRegex(String pattern) throws InvalidMatchException {
        if (pattern.isEmpty()) {
            throw new InvalidMatchException("empty regular expression");
        }
        try {
            Pattern.compile(pattern);
        } catch (PatternSyntaxException e) {
            throw new InvalidMatchException("regular expression " + pattern + " does not compile: " + e.getDescription());
        }
        if (NOT_RE2.matcher(pattern).find()) {
            throw new InvalidMatchException("regular expression " + pattern + " uses constructs RE2 does not support");
        }
    }

    private static String withoutTrailingSlashes(String path) {
        int end = path.length();
        while (end > 0 && path.charAt(end - 1) == '/') {
            end--;
        }
        return path.substring(0, end);
    }
}
