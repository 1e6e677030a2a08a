package dev.gantry.translator.envoy;

import java.util.Comparator;

/**
 * The parts of an HTTPRoute match that decide its precedence (Gateway API, HTTPRouteRule): exact
 * paths first, then regular expressions (implementation-specific; longer first), then prefixes,
 * longest first; then a method match; then more header matches; then more query parameter matches.
 * Ties are broken by the route's age and name, see {@link RouteTableTranslator}.
 */
record MatchPrecedence(PathKind pathKind, int pathLength, boolean hasMethod, int headerCount, int queryCount) {

    enum PathKind { EXACT, REGULAR_EXPRESSION, PREFIX }

    static final Comparator<MatchPrecedence> ORDER = Comparator
            .comparing(MatchPrecedence::pathKind)
            .thenComparing(MatchPrecedence::pathLength, Comparator.reverseOrder())
            .thenComparing(MatchPrecedence::hasMethod, Comparator.reverseOrder())
            .thenComparing(MatchPrecedence::headerCount, Comparator.reverseOrder())
            .thenComparing(MatchPrecedence::queryCount, Comparator.reverseOrder());
}
