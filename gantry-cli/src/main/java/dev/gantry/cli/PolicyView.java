package dev.gantry.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.gantry.proto.PolicyConfig;
import dev.gantry.translator.envoy.EnvoyResources;
import dev.gantry.translator.features.EnvoyRateLimits;
import io.envoyproxy.envoy.config.route.v3.RateLimit;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.envoyproxy.envoy.extensions.filters.http.ext_authz.v3.ExtAuthzPerRoute;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What {@code gantry translate --policies} prints: per Gateway, the RateLimitConfigs and AuthConfigs its routes and
 * virtual hosts use (read back from the Envoy configuration: the {@code gantry.config} entries of {@code rate_limits},
 * the {@code config_id} of {@code ExtAuthzPerRoute}); and the configuration ratelimit-service and extauth-service
 * would get from Redis (the spec, and only the names of the Secrets: an admin view never shows secret material).
 */
final class PolicyView {

    private static final String EXT_AUTHZ = "envoy.filters.http.ext_authz";
    private static final ObjectMapper JSON = new ObjectMapper();

    private PolicyView() {
    }

    /** Per Gateway: {@code rateLimitConfigs} and {@code authConfigs} as {@code <namespace>.<name>}, sorted. */
    static Map<String, Object> used(Map<String, EnvoyResources> gateways) throws InvalidProtocolBufferException {
        Map<String, Object> used = new LinkedHashMap<>();
        for (var entry : gateways.entrySet()) {
            SortedSet<String> limits = new TreeSet<>();
            SortedSet<String> auth = new TreeSet<>();
            for (RouteConfiguration table : entry.getValue().routeConfigurations()) {
                for (VirtualHost host : table.getVirtualHostsList()) {
                    limits(host.getRateLimitsList(), limits);
                    auth(host.getTypedPerFilterConfigMap().get(EXT_AUTHZ), auth);
                    for (Route route : host.getRoutesList()) {
                        limits(route.getRoute().getRateLimitsList(), limits);
                        auth(route.getTypedPerFilterConfigMap().get(EXT_AUTHZ), auth);
                    }
                }
            }
            Map<String, Object> gateway = new LinkedHashMap<>();
            gateway.put("rateLimitConfigs", List.copyOf(limits));
            gateway.put("authConfigs", List.copyOf(auth));
            used.put(entry.getKey(), gateway);
        }
        return used;
    }

    /** The service's view of each accepted policy, keyed {@code <kind>/<namespace>/<name>}. */
    static Map<String, Object> configs(Map<String, PolicyConfig> configs) throws JsonProcessingException {
        Map<String, Object> shown = new LinkedHashMap<>();
        for (var entry : configs.entrySet()) {
            Map<String, Object> config = new LinkedHashMap<>();
            config.put("spec", JSON.readValue(entry.getValue().getSpecJson(), Object.class));
            if (entry.getValue().getSecretsCount() > 0) {
                config.put("secrets", new ArrayList<>(new TreeSet<>(entry.getValue().getSecretsMap().keySet())));
            }
            shown.put(entry.getKey(), config);
        }
        return shown;
    }

    private static void limits(List<RateLimit> entries, SortedSet<String> out) {
        for (RateLimit entry : entries) {
            entry.getActionsList().stream().filter(RateLimit.Action::hasGenericKey)
                    .map(RateLimit.Action::getGenericKey)
                    .filter(key -> EnvoyRateLimits.CONFIG_KEY.equals(key.getDescriptorKey()))
                    .forEach(key -> out.add(key.getDescriptorValue()));
        }
    }

    private static void auth(Any config, SortedSet<String> out) throws InvalidProtocolBufferException {
        if (config != null && config.is(ExtAuthzPerRoute.class)) {
            String id = config.unpack(ExtAuthzPerRoute.class).getCheckSettings().getContextExtensionsMap().get("config_id");
            if (id != null) {
                out.add(id);
            }
        }
    }
}
