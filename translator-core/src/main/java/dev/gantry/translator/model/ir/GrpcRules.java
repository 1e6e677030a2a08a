package dev.gantry.translator.model.ir;

import io.fabric8.kubernetes.api.model.gatewayapi.v1.GRPCBackendRef;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GRPCRouteFilter;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GRPCRouteRule;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPBackendRef;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteFilter;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;
import java.util.List;
import java.util.Objects;

/**
 * A GRPCRoute rule as the HTTPRoute rule it means (without matches, which {@link HttpMatches} converts),
 * so that filters are applied by the same code for both kinds. GRPCRoute's filter types are a subset of
 * HTTPRoute's with the same fields.
 */
final class GrpcRules {

    private GrpcRules() {
    }

    static HTTPRouteRule asHttpRule(GRPCRouteRule rule) {
        HTTPRouteRule http = new HTTPRouteRule();
        http.setName(rule.getName());
        http.setFilters(filters(rule.getFilters()));
        http.setBackendRefs(rule.getBackendRefs() == null ? List.of()
                : rule.getBackendRefs().stream().filter(Objects::nonNull).map(GrpcRules::backendRef).toList());
        return http;
    }

    private static HTTPBackendRef backendRef(GRPCBackendRef ref) {
        HTTPBackendRef http = new HTTPBackendRef();
        http.setGroup(ref.getGroup());
        http.setKind(ref.getKind());
        http.setName(ref.getName());
        http.setNamespace(ref.getNamespace());
        http.setPort(ref.getPort());
        http.setWeight(ref.getWeight());
        http.setFilters(filters(ref.getFilters()));
        return http;
    }

    private static List<HTTPRouteFilter> filters(List<GRPCRouteFilter> filters) {
        if (filters == null) {
            return List.of();
        }
        return filters.stream().filter(Objects::nonNull).map(filter -> {
            HTTPRouteFilter http = new HTTPRouteFilter();
            http.setType(filter.getType());
            http.setRequestHeaderModifier(filter.getRequestHeaderModifier());
            http.setResponseHeaderModifier(filter.getResponseHeaderModifier());
            http.setRequestMirror(filter.getRequestMirror());
            http.setExtensionRef(filter.getExtensionRef());
            return http;
        }).toList();
    }
}
