package dev.gantry.translator.envoy;

import com.google.protobuf.BoolValue;
import dev.gantry.translator.model.ir.HttpMatchIr;
import dev.gantry.translator.model.ir.HttpMatchIr.ValueMatch;
import io.envoyproxy.envoy.config.route.v3.HeaderMatcher;
import io.envoyproxy.envoy.config.route.v3.QueryParameterMatcher;
import io.envoyproxy.envoy.config.route.v3.RouteMatch;
import io.envoyproxy.envoy.type.matcher.v3.RegexMatcher;
import io.envoyproxy.envoy.type.matcher.v3.StringMatcher;
import java.util.List;

/**
 * Translates one validated request match into Envoy RouteMatches (one, or two for a path prefix).
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

    private static final String METHOD_HEADER = ":method";

    /** An Envoy match and the suffix its route name gets (empty, {@code /exact} or {@code /prefix}). */
    record NamedMatch(String nameSuffix, RouteMatch match) {
    }

    List<NamedMatch> translate(HttpMatchIr match) {
        // Gateway API paths match case-sensitively. Envoy defaults to that, but grpc-xds reads an unset
        // case_sensitive as false, so it is set explicitly to make both clients agree.
        RouteMatch.Builder common = RouteMatch.newBuilder().setCaseSensitive(BoolValue.of(true));
        if (match.method() != null) {
            common.addHeaders(HeaderMatcher.newBuilder().setName(METHOD_HEADER)
                    .setStringMatch(StringMatcher.newBuilder().setExact(match.method())));
        }
        for (ValueMatch header : match.headers()) {
            common.addHeaders(HeaderMatcher.newBuilder().setName(header.name()).setStringMatch(stringMatcher(header)));
        }
        for (ValueMatch param : match.queryParams()) {
            common.addQueryParameters(QueryParameterMatcher.newBuilder().setName(param.name())
                    .setStringMatch(stringMatcher(param)));
        }
        String value = match.path().value();
        return switch (match.path().kind()) {
            case EXACT -> List.of(new NamedMatch("", common.setPath(value).build()));
            case REGULAR_EXPRESSION -> List.of(new NamedMatch("", common.setSafeRegex(regex(value)).build()));
            case PREFIX -> value.isEmpty()
                    ? List.of(new NamedMatch("", common.setPrefix("/").build()))
                    : List.of(new NamedMatch("/exact", common.clone().setPath(value).build()),
                            new NamedMatch("/prefix", common.clone().setPrefix(value + "/").build()));
        };
    }

    private static StringMatcher stringMatcher(ValueMatch match) {
        return match.regex() ? StringMatcher.newBuilder().setSafeRegex(regex(match.value())).build()
                : StringMatcher.newBuilder().setExact(match.value()).build();
    }

    private static RegexMatcher regex(String pattern) {
        return RegexMatcher.newBuilder().setRegex(pattern).build();
    }
}
