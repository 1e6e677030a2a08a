package dev.gantry.translator.envoy.filters;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.BoolValue;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteAction;
import io.envoyproxy.envoy.config.route.v3.RouteMatch;
import io.envoyproxy.envoy.config.route.v3.WeightedCluster;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.Yaml;

/** Rules from YAML as a user writes them, and routes shaped the way the route table translator emits them. */
public final class FilterFixtures {

    private static final ObjectMapper JSON = new ObjectMapper();
    public static final ListenerContext HTTP_80 = new ListenerContext(80, false);

    /** Resolves {@code <name>:<port>} in any namespace to the cluster {@code <name>_<port>}, except names starting "missing". */
    public static final BackendRefResolver RESOLVER = target -> target.name() == null || target.name().startsWith("missing")
            ? Optional.empty() : Optional.of(target.name() + "_" + target.port());

    private FilterFixtures() {
    }

    public static HTTPRouteRule rule(String yaml) {
        Map<?, ?> tree = new Yaml().load(yaml);
        return JSON.convertValue(tree, HTTPRouteRule.class);
    }

    /** The {@code path: /foo} half of a PathPrefix {@code /foo}, forwarding to one cluster. */
    public static Route.Builder exactHalf(String prefix, String cluster) {
        return Route.newBuilder().setName("r/exact")
                .setMatch(RouteMatch.newBuilder().setPath(prefix).setCaseSensitive(BoolValue.of(true)))
                .setRoute(RouteAction.newBuilder().setCluster(cluster));
    }

    /** The {@code prefix: /foo/} half of a PathPrefix {@code /foo}, forwarding to one cluster. */
    public static Route.Builder prefixHalf(String prefix, String cluster) {
        return Route.newBuilder().setName("r/prefix")
                .setMatch(RouteMatch.newBuilder().setPrefix(prefix.equals("/") ? "/" : prefix + "/")
                        .setCaseSensitive(BoolValue.of(true)))
                .setRoute(RouteAction.newBuilder().setCluster(cluster));
    }

    public static Route.Builder weighted(String prefix, String... clusters) {
        WeightedCluster.Builder weighted = WeightedCluster.newBuilder();
        for (String cluster : clusters) {
            weighted.addClusters(WeightedCluster.ClusterWeight.newBuilder().setName(cluster)
                    .setWeight(com.google.protobuf.UInt32Value.of(1)));
        }
        return prefixHalf(prefix, "x").setRoute(RouteAction.newBuilder().setWeightedClusters(weighted));
    }
}
