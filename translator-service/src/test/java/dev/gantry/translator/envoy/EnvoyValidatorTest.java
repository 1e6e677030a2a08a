package dev.gantry.translator.envoy;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Any;
import com.google.protobuf.Duration;
import com.google.protobuf.UInt32Value;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.endpoint.v3.LocalityLbEndpoints;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteAction;
import io.envoyproxy.envoy.config.route.v3.WeightedCluster;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import org.junit.jupiter.api.Test;

/** The validator must catch what Envoy would NACK, or the translator tests prove nothing. */
class EnvoyValidatorTest {

    @Test
    void catchesViolationsOfEnvoysRules() {
        assertThat(EnvoyValidator.violations(Cluster.newBuilder().setName("")
                .setConnectTimeout(Duration.newBuilder().setSeconds(-1)).build()))
                .anySatisfy(v -> assertThat(v).contains("Cluster.name"))
                .anySatisfy(v -> assertThat(v).contains("connect_timeout"));
        assertThat(EnvoyValidator.violations(Route.newBuilder().setName("r")
                .setRoute(RouteAction.newBuilder().setWeightedClusters(WeightedCluster.getDefaultInstance())).build()))
                .anySatisfy(v -> assertThat(v).contains("match: is required"))
                .anySatisfy(v -> assertThat(v).contains("clusters: needs at least 1"));
        assertThat(EnvoyValidator.violations(ClusterLoadAssignment.newBuilder().setClusterName("c")
                .addEndpoints(LocalityLbEndpoints.newBuilder().setLoadBalancingWeight(UInt32Value.of(0))).build()))
                .anySatisfy(v -> assertThat(v).contains("load_balancing_weight"));
    }

    @Test
    void looksInsidePackedFilterConfigs() {
        Listener listener = Listener.newBuilder().setName("l")
                .addFilterChains(FilterChain.newBuilder().addFilters(Filter.newBuilder()
                        .setName(XdsConfig.HTTP_CONNECTION_MANAGER)
                        .setTypedConfig(Any.pack(HttpConnectionManager.getDefaultInstance()))))
                .build();

        assertThat(EnvoyValidator.violations(listener))
                .anySatisfy(v -> assertThat(v).contains("<HttpConnectionManager>.stat_prefix"));
    }

    @Test
    void acceptsAValidResource() {
        assertThat(EnvoyValidator.violations(Cluster.newBuilder().setName("c")
                .setConnectTimeout(ClusterTranslator.CONNECT_TIMEOUT).build())).isEmpty();
    }
}
