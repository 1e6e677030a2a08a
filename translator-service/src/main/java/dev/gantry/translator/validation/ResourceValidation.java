package dev.gantry.translator.validation;

import com.google.protobuf.Message;
import dev.gantry.translator.envoy.EnvoyResources;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import dev.gantry.translator.validation.EnvoyValidator.Violation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Validates every resource of one Gateway's translation. Remembers the resources (and, inside route
 * configurations, the virtual hosts) it found valid in the previous call, so that when one route changes
 * only what changed is checked again: protobuf messages are values, so an equal message is as valid as
 * before. Not thread-safe: one translator thread owns it.
 */
public final class ResourceValidation {

    private final EnvoyValidator validator;
    private Set<Message> validBefore = new HashSet<>();
    private Set<Message> validNow = new HashSet<>();

    public ResourceValidation(EnvoyValidator validator) {
        this.validator = validator;
    }

    /** The resources that break Envoy's rules, in the order of the snapshot; empty when all are valid. */
    public List<InvalidResource> invalidResources(EnvoyResources resources) {
        List<InvalidResource> invalid = new ArrayList<>();
        check(resources.listeners(), Listener::getName, invalid);
        check(resources.apiListeners(), Listener::getName, invalid);
        for (RouteConfiguration routes : resources.routeConfigurations()) {
            checkRouteConfiguration(routes, invalid);
        }
        check(resources.clusters(), Cluster::getName, invalid);
        check(resources.clusterLoadAssignments(), ClusterLoadAssignment::getClusterName, invalid);
        check(resources.secrets(), Secret::getName, invalid);
        validBefore = validNow;
        validNow = new HashSet<>();
        return invalid;
    }

    private <T extends Message> void check(List<T> resources, Function<T, String> name, List<InvalidResource> invalid) {
        for (T resource : resources) {
            List<Violation> violations = violations(resource);
            if (!violations.isEmpty()) {
                invalid.add(new InvalidResource(resource.getDescriptorForType().getName(), name.apply(resource), violations));
            }
        }
    }

    /** A route table changes with every route; its virtual hosts mostly do not, so they are checked one by one. */
    private void checkRouteConfiguration(RouteConfiguration routes, List<InvalidResource> invalid) {
        List<Violation> violations = new ArrayList<>(violations(routes.toBuilder().clearVirtualHosts().build()));
        for (int i = 0; i < routes.getVirtualHostsCount(); i++) {
            String path = "RouteConfiguration.virtual_hosts[" + i + "]";
            for (Violation violation : violations(routes.getVirtualHosts(i))) {
                int dot = violation.path().indexOf('.');
                violations.add(new Violation(path + (dot < 0 ? "" : violation.path().substring(dot)),
                        violation.rule(), violation.message()));
            }
        }
        if (!violations.isEmpty()) {
            invalid.add(new InvalidResource(routes.getDescriptorForType().getName(), routes.getName(), violations));
        }
    }

    private List<Violation> violations(Message message) {
        if (validBefore.contains(message) || validNow.contains(message)) {
            validNow.add(message);
            return List.of();
        }
        List<Violation> violations = validator.validate(message);
        if (violations.isEmpty()) {
            validNow.add(message);
        }
        return violations;
    }
}
