package dev.gantry.translator.features;

import dev.gantry.translator.model.ir.policy.BackendFilters;
import dev.gantry.translator.model.ir.policy.HeaderEditsIr;
import dev.gantry.translator.model.ir.policy.RouteFilters;
import io.envoyproxy.envoy.config.core.v3.HeaderValue;
import io.envoyproxy.envoy.config.core.v3.HeaderValueOption;
import io.envoyproxy.envoy.config.core.v3.HeaderValueOption.HeaderAppendAction;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.WeightedCluster.ClusterWeight;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPHeader;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPHeaderFilter;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteFilter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * RequestHeaderModifier and ResponseHeaderModifier (one instance each) as Envoy header edits: {@code set}
 * overwrites (or adds), {@code add} appends (or adds), {@code remove} removes. The same edits fit a Route and a
 * weighted cluster entry, which is what makes backendRef-level header filters possible: the rule's edits come
 * first, then those of the backendRef the route forwards to.
 */
final class HeaderModifierFeature implements Feature {

    static final HeaderModifierFeature REQUEST = new HeaderModifierFeature(FilterTypes.REQUEST_HEADER_MODIFIER, true);
    static final HeaderModifierFeature RESPONSE = new HeaderModifierFeature(FilterTypes.RESPONSE_HEADER_MODIFIER, false);

    private static final int MAX_VALUE_LENGTH = 16_384;

    private final String filterType;
    private final boolean request;

    private HeaderModifierFeature(String filterType, boolean request) {
        this.filterType = filterType;
        this.request = request;
    }

    @Override
    public String name() {
        return filterType;
    }

    @Override
    public String filterType() {
        return filterType;
    }

    @Override
    public boolean worksPerWeightedBackend() {
        return true;
    }

    @Override
    public void readFilter(HTTPRouteFilter filter, FilterList list) {
        of(request ? filter.getRequestHeaderModifier() : filter.getResponseHeaderModifier(), list.problems())
                .ifPresent(edits -> list.update(filters -> request ? filters.withRequestHeaders(edits)
                        : filters.withResponseHeaders(edits)));
    }

    @Override
    public void applyToRoute(RouteContext context, Route.Builder route) {
        apply(edits(context.policies().filters()), route);
        for (BackendFilters backend : context.policies().backends()) {
            HeaderEditsIr edits = edits(backend.filters());
            if (edits == null) {
                continue;
            }
            if (backend.wholeRoute()) {
                apply(edits, route);
            } else {
                WeightedClusters.of(route, backend.cluster()).forEach(weight -> apply(edits, weight));
            }
        }
    }

    private HeaderEditsIr edits(RouteFilters filters) {
        return request ? filters.requestHeaders() : filters.responseHeaders();
    }

    private void apply(HeaderEditsIr edits, Route.Builder route) {
        if (edits == null) {
            return;
        }
        if (request) {
            route.addAllRequestHeadersToAdd(options(edits)).addAllRequestHeadersToRemove(edits.toRemove());
        } else {
            route.addAllResponseHeadersToAdd(options(edits)).addAllResponseHeadersToRemove(edits.toRemove());
        }
    }

    private void apply(HeaderEditsIr edits, ClusterWeight.Builder weight) {
        if (request) {
            weight.addAllRequestHeadersToAdd(options(edits)).addAllRequestHeadersToRemove(edits.toRemove());
        } else {
            weight.addAllResponseHeadersToAdd(options(edits)).addAllResponseHeadersToRemove(edits.toRemove());
        }
    }

    private static List<HeaderValueOption> options(HeaderEditsIr edits) {
        return edits.toAdd().stream().map(header -> HeaderValueOption.newBuilder()
                .setHeader(HeaderValue.newBuilder().setKey(header.name()).setValue(header.value()))
                .setAppendAction(header.replace() ? HeaderAppendAction.OVERWRITE_IF_EXISTS_OR_ADD
                        : HeaderAppendAction.APPEND_IF_EXISTS_OR_ADD)
                .build()).toList();
    }

    /** The edits, or empty (with the reason in {@code problems}) when a header cannot be modified. */
    private Optional<HeaderEditsIr> of(HTTPHeaderFilter filter, Problems problems) {
        if (filter == null) {
            problems.invalid(filterType + " filter has no " + lowerFirst(filterType) + " field");
            return Optional.empty();
        }
        List<HeaderEditsIr.Header> toAdd = new ArrayList<>();
        List<String> toRemove = new ArrayList<>();
        boolean valid = addAll(filter.getSet(), true, toAdd, problems) & addAll(filter.getAdd(), false, toAdd, problems);
        for (String name : filter.getRemove() == null ? List.<String>of() : filter.getRemove()) {
            valid &= checkName(name, problems);
            if (valid) {
                toRemove.add(name);
            }
        }
        return valid ? Optional.of(new HeaderEditsIr(toAdd, toRemove)) : Optional.empty();
    }

    private boolean addAll(List<HTTPHeader> headers, boolean replace, List<HeaderEditsIr.Header> out, Problems problems) {
        boolean valid = true;
        for (HTTPHeader header : headers == null ? List.<HTTPHeader>of() : headers) {
            if (header == null) {
                continue;
            }
            String value = header.getValue() == null ? "" : header.getValue();
            if (!checkName(header.getName(), problems)) {
                valid = false;
                continue;
            }
            if (value.length() > MAX_VALUE_LENGTH || value.indexOf('\0') >= 0 || value.indexOf('\r') >= 0
                    || value.indexOf('\n') >= 0) {
                problems.invalid(filterType + ": the value of header " + header.getName()
                        + " contains NUL, CR or LF or is longer than " + MAX_VALUE_LENGTH);
                valid = false;
                continue;
            }
            out.add(new HeaderEditsIr.Header(header.getName(), value, replace));
        }
        return valid;
    }

    /** Envoy refuses to modify pseudo-headers and Host (the route is chosen by them); names are RFC 7230 tokens. */
    private boolean checkName(String name, Problems problems) {
        if (name == null || name.isEmpty()) {
            problems.invalid(filterType + ": a header has no name");
            return false;
        }
        if (name.startsWith(":") || name.toLowerCase(Locale.ROOT).equals("host")) {
            problems.invalid(filterType + ": header " + name + " cannot be modified");
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            if (!isTokenChar(name.charAt(i))) {
                problems.invalid(filterType + ": '" + name + "' is not a valid header name");
                return false;
            }
        }
        return true;
    }

    private static boolean isTokenChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }

    private static String lowerFirst(String text) {
        return Character.toLowerCase(text.charAt(0)) + text.substring(1);
    }
}
