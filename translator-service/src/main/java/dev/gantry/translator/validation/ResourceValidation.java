package dev.gantry.translator.validation;

import com.google.protobuf.Message;
import dev.gantry.translator.envoy.EnvoyResources;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Validates every resource of one Gateway's translation. */
public final class ResourceValidation {

    private final EnvoyValidator validator;

    public ResourceValidation(EnvoyValidator validator) {
        this.validator = validator;
    }

    /** The resources that break Envoy's rules, in the order of the snapshot; empty when all are valid. */
    public List<InvalidResource> invalidResources(EnvoyResources resources) {
        List<InvalidResource> invalid = new ArrayList<>();
        check(resources.listeners(), Listener::getName, invalid);
        check(resources.apiListeners(), Listener::getName, invalid);
        check(resources.routeConfigurations(), RouteConfiguration::getName, invalid);
        check(resources.clusters(), Cluster::getName, invalid);
        check(resources.clusterLoadAssignments(), ClusterLoadAssignment::getClusterName, invalid);
        check(resources.secrets(), Secret::getName, invalid);
        return invalid;
    }

    private <T extends Message> void check(List<T> resources, Function<T, String> name, List<InvalidResource> invalid) {
        for (T resource : resources) {
            var violations = validator.validate(resource);
            if (!violations.isEmpty()) {
                invalid.add(new InvalidResource(resource.getDescriptorForType().getName(), name.apply(resource), violations));
            }
        }
    }
}
