package dev.gantry.translator.envoy;

import dev.gantry.translator.model.ir.HttpMatchIr;
import dev.gantry.translator.model.ir.HttpMatchIr.PathKind;
import java.util.Comparator;

/**
 * The parts of an HTTPRoute match that decide its precedence (Gateway API, HTTPRouteRule): exact
 * paths first, then regular expressions (implementation-specific; longer first), then prefixes,
 * longest first; then a method match; then more header matches; then more query parameter matches.
 * Ties are broken by the route's age and name, see {@link RouteTableTranslator}.
 */
record MatchPrecedence(PathKind pathKind, int pathLength, boolean hasMethod, int headerCount, int queryCount) {

    static final Comparator<MatchPrecedence> ORDER = Comparator
            .comparing(MatchPrecedence::pathKind)
            .thenComparing(MatchPrecedence::pathLength, Comparator.reverseOrder())
            .thenComparing(MatchPrecedence::hasMethod, Comparator.reverseOrder())
            .thenComparing(MatchPrecedence::headerCount, Comparator.reverseOrder())
            .thenComparing(MatchPrecedence::queryCount, Comparator.reverseOrder());

    static MatchPrecedence of(HttpMatchIr match) {
        int length = match.path().kind() == PathKind.PREFIX ? Math.max(match.path().value().length(), 1)
                : match.path().value().length();
        return new MatchPrecedence(match.path().kind(), length, match.method() != null, match.headers().size(),
                match.queryParams().size());
    }
}
