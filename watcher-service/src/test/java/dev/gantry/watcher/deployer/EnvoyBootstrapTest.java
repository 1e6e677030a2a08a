package dev.gantry.watcher.deployer;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.envoyproxy.envoy.config.bootstrap.v3.Bootstrap;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.extensions.filters.http.router.v3.Router;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.upstreams.http.v3.HttpProtocolOptions;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EnvoyBootstrapTest {

    static Bootstrap parse(String json) throws InvalidProtocolBufferException {
        JsonFormat.TypeRegistry types = JsonFormat.TypeRegistry.newBuilder()
                .add(HttpConnectionManager.getDescriptor()).add(Router.getDescriptor())
                .add(HttpProtocolOptions.getDescriptor()).build();
        Bootstrap.Builder bootstrap = Bootstrap.newBuilder();
        // strict: an unknown field would be a field Envoy rejects too
        JsonFormat.parser().usingTypeRegistry(types).merge(json, bootstrap);
        return bootstrap.build();
    }

    @Test
    void parsesAsEnvoyBootstrapPointingAtXdsService() throws Exception {
        Bootstrap bootstrap = parse(EnvoyBootstrap.json("shop", "edge", XdsAddress.parse("xds.gantry:18000")));

        assertThat(bootstrap.getNode().getCluster()).isEqualTo("shop/edge");
        assertThat(bootstrap.getNode().getId()).as("set per pod with --service-node").isEmpty();
        assertThat(bootstrap.getAdmin().getAddress().getSocketAddress().getAddress()).isEqualTo("127.0.0.1");
        assertThat(bootstrap.getAdmin().getAddress().getSocketAddress().getPortValue()).isEqualTo(19000);
        assertThat(bootstrap.getDynamicResources().getAdsConfig().getGrpcServices(0).getEnvoyGrpc().getClusterName())
                .isEqualTo("gantry-xds");
        assertThat(bootstrap.getDynamicResources().getLdsConfig().hasAds()).isTrue();
        assertThat(bootstrap.getDynamicResources().getCdsConfig().hasAds()).isTrue();

        Cluster xds = bootstrap.getStaticResources().getClustersList().stream()
                .filter(c -> c.getName().equals("gantry-xds")).findFirst().orElseThrow();
        var endpoint = xds.getLoadAssignment().getEndpoints(0).getLbEndpoints(0).getEndpoint().getAddress()
                .getSocketAddress();
        assertThat(endpoint.getAddress()).isEqualTo("xds.gantry");
        assertThat(endpoint.getPortValue()).isEqualTo(18000);
        assertThat(xds.getTypedExtensionProtocolOptionsMap()
                .get("envoy.extensions.upstreams.http.v3.HttpProtocolOptions")
                .unpack(HttpProtocolOptions.class).getExplicitHttpConfig().hasHttp2ProtocolOptions()).isTrue();

        var health = bootstrap.getStaticResources().getListeners(0);
        assertThat(health.getAddress().getSocketAddress().getPortValue()).isEqualTo(19001);
        HttpConnectionManager manager = health.getFilterChains(0).getFilters(0).getTypedConfig()
                .unpack(HttpConnectionManager.class);
        assertThat(manager.getRouteConfig().getVirtualHosts(0).getRoutesList())
                .extracting(route -> route.getMatch().getPath())
                .containsExactly("/ready", "/stats/prometheus");
    }

    @Test
    void parserWouldCatchAFieldEnvoyDoesNotKnow() {
        String json = EnvoyBootstrap.json("shop", "edge", XdsAddress.parse("xds:1"))
                .replace("\"admin\"", "\"admn\"");

        assertThatThrownBy(() -> parse(json)).isInstanceOf(InvalidProtocolBufferException.class);
    }

    @Test
    void xdsAddressNeedsHostAndPort() {
        assertThat(XdsAddress.parse("gantry-xds.gantry-system.svc:18000"))
                .isEqualTo(new XdsAddress("gantry-xds.gantry-system.svc", 18000));
        for (String bad : new String[] {"no-port", "host:", ":18000", "host:port", "host:70000"}) {
            assertThatThrownBy(() -> XdsAddress.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
