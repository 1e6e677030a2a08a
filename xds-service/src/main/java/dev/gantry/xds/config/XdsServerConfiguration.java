package dev.gantry.xds.config;

import dev.gantry.xds.snapshot.GatewayNodeGroup;
import dev.gantry.xds.server.HeldVersions;
import dev.gantry.xds.server.ResumingCache;
import dev.gantry.xds.server.StoredFormSerializer;
import dev.gantry.xds.server.StreamDrain;
import io.envoyproxy.controlplane.cache.v3.SimpleCache;
import io.envoyproxy.controlplane.server.DefaultExecutorGroup;
import io.envoyproxy.controlplane.server.DiscoveryServerCallbacks;
import io.envoyproxy.controlplane.server.V3DiscoveryServer;
import io.grpc.BindableService;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.grpc.server.GlobalServerInterceptor;

/** java-control-plane's discovery server; Spring gRPC serves every {@link BindableService} bean. */
@Configuration(proxyBeanMethods = false)
public class XdsServerConfiguration {

    @Bean
    SimpleCache<String> xdsCache(HeldVersions held) {
        return new ResumingCache(new GatewayNodeGroup(), held);
    }

    /** Ends the open streams when the server stops (they would hold it until killed). */
    @Bean
    @GlobalServerInterceptor
    StreamDrain streamDrain() {
        return new StreamDrain();
    }

    @Bean
    V3DiscoveryServer v3DiscoveryServer(List<DiscoveryServerCallbacks> callbacks, SimpleCache<String> xdsCache) {
        return new V3DiscoveryServer(callbacks, xdsCache, new DefaultExecutorGroup(), new StoredFormSerializer());
    }

    @Bean
    BindableService aggregatedDiscoveryService(V3DiscoveryServer server) {
        return server.getAggregatedDiscoveryServiceImpl();
    }

    @Bean
    BindableService listenerDiscoveryService(V3DiscoveryServer server) {
        return server.getListenerDiscoveryServiceImpl();
    }

    @Bean
    BindableService routeDiscoveryService(V3DiscoveryServer server) {
        return server.getRouteDiscoveryServiceImpl();
    }

    @Bean
    BindableService clusterDiscoveryService(V3DiscoveryServer server) {
        return server.getClusterDiscoveryServiceImpl();
    }

    @Bean
    BindableService endpointDiscoveryService(V3DiscoveryServer server) {
        return server.getEndpointDiscoveryServiceImpl();
    }

    @Bean
    BindableService secretDiscoveryService(V3DiscoveryServer server) {
        return server.getSecretDiscoveryServiceImpl();
    }
}
