package dev.gantry.translator.features;

import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPPathModifier;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteFilter;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteMatch;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** The filter type names of the Gateway API and the rules about combining them within one list. */
public final class FilterTypes {

    static final String REQUEST_HEADER_MODIFIER = "RequestHeaderModifier";
    static final String RESPONSE_HEADER_MODIFIER = "ResponseHeaderModifier";
    static final String REQUEST_REDIRECT = "RequestRedirect";
    static final String URL_REWRITE = "URLRewrite";
    static final String REQUEST_MIRROR = "RequestMirror";
    static final String CORS = "CORS";
    static final String EXTENSION_REF = "ExtensionRef";
    static final String REPLACE_FULL_PATH = "ReplaceFullPath";
    static final String REPLACE_PREFIX_MATCH = "ReplacePrefixMatch";
    /** The only types a list may hold more than once. */
    private static final Set<String> REPEATABLE = Set.of(REQUEST_MIRROR, EXTENSION_REF);
    private static final String PATH_PREFIX = "PathPrefix";

    private FilterTypes() {
    }

    /** True when the rule answers by itself (a rule-level RequestRedirect), so it needs no backends. */
    public static boolean answersWithoutBackends(HTTPRouteRule rule) {
        return nonNull(rule.getFilters()).stream().anyMatch(filter -> REQUEST_REDIRECT.equals(filter.getType()));
    }

    static List<HTTPRouteFilter> nonNull(List<HTTPRouteFilter> filters) {
        return filters == null ? List.of() : filters.stream().filter(Objects::nonNull).toList();
    }

    /**
     * What the Gateway API's validation forbids in one filter list (the API server normally rejects it,
     * but files fed to {@code gantry translate} are not validated): a type other than RequestMirror and
     * ExtensionRef twice, RequestRedirect together with URLRewrite, and ReplacePrefixMatch on a rule whose
     * matches are not all PathPrefix.
     */
    static void checkCombination(String where, List<HTTPRouteFilter> filters, HTTPRouteRule rule, Problems problems) {
        Map<String, Integer> counts = new HashMap<>();
        for (HTTPRouteFilter filter : filters) {
            if (filter.getType() == null || filter.getType().isEmpty()) {
                problems.invalid(where + ": a filter has no type");
                continue;
            }
            if (counts.merge(filter.getType(), 1, Integer::sum) == 2 && !REPEATABLE.contains(filter.getType())) {
                problems.invalid(where + ": filter " + filter.getType() + " appears more than once");
            }
            if (replacesPrefix(filter) && !allPathPrefix(rule)) {
                problems.invalid(where + ": " + filter.getType()
                        + " with ReplacePrefixMatch needs the rule's matches to be PathPrefix matches");
            }
        }
        if (counts.containsKey(REQUEST_REDIRECT) && counts.containsKey(URL_REWRITE)) {
            problems.invalid(where + ": RequestRedirect and URLRewrite cannot be combined");
        }
    }

    private static boolean replacesPrefix(HTTPRouteFilter filter) {
        HTTPPathModifier path = REQUEST_REDIRECT.equals(filter.getType()) && filter.getRequestRedirect() != null
                ? filter.getRequestRedirect().getPath()
                : URL_REWRITE.equals(filter.getType()) && filter.getUrlRewrite() != null
                        ? filter.getUrlRewrite().getPath() : null;
        return path != null && REPLACE_PREFIX_MATCH.equals(path.getType());
    }

    private static boolean allPathPrefix(HTTPRouteRule rule) {
        List<HTTPRouteMatch> matches = rule.getMatches() == null ? List.of() : rule.getMatches();
        return matches.stream().filter(Objects::nonNull).allMatch(match -> match.getPath() == null
                || match.getPath().getType() == null || PATH_PREFIX.equals(match.getPath().getType()));
    }
}
