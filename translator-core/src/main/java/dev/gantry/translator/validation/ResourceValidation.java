package dev.gantry.translator.validation;

import com.google.protobuf.Message;
import dev.gantry.translator.envoy.EnvoyResources;
import dev.gantry.translator.reuse.KeptByIdentity;
import dev.gantry.translator.validation.EnvoyValidator.Violation;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Validates every resource of one Gateway's translation. Remembers what it found for each resource (and,
 * inside route configurations, each virtual host) of the previous call: the translator hands over the very
 * same object for what did not change, so when one route changes only what changed is checked again. Use
 * one per Gateway. Not thread-safe: one translator thread owns it.
 */
public final class ResourceValidation {

    private final EnvoyValidator validator;
    private final KeptByIdentity<Message, List<Violation>> listeners;
    private final KeptByIdentity<Message, List<Violation>> apiListeners;
    private final KeptByIdentity<RouteConfiguration, List<Violation>> routeConfigurations;
    private final KeptByIdentity<Message, List<Violation>> clusters;
    private final KeptByIdentity<Message, List<Violation>> clusterLoadAssignments;
    private final KeptByIdentity<Message, List<Violation>> secrets;
    /** Per route table name, its virtual hosts' violations (paths relative to the virtual host). */
    private final Map<String, KeptByIdentity<VirtualHost, List<Violation>>> virtualHosts = new HashMap<>();

    public ResourceValidation(EnvoyValidator validator) {
        this.validator = validator;
        this.listeners = new KeptByIdentity<>(validator::validate);
        this.apiListeners = new KeptByIdentity<>(validator::validate);
        this.routeConfigurations = new KeptByIdentity<>(this::routeConfigurationViolations);
        this.clusters = new KeptByIdentity<>(validator::validate);
        this.clusterLoadAssignments = new KeptByIdentity<>(validator::validate);
        this.secrets = new KeptByIdentity<>(validator::validate);
    }

    /** The resources that break Envoy's rules, in the order of the snapshot; empty when all are valid. */
    public List<InvalidResource> invalidResources(EnvoyResources resources) {
        List<InvalidResource> invalid = new ArrayList<>();
        report(resources.listeners(), listeners, Listener::getName, invalid);
        report(resources.apiListeners(), apiListeners, Listener::getName, invalid);
        report(resources.routeConfigurations(), routeConfigurations, RouteConfiguration::getName, invalid);
        report(resources.clusters(), clusters, Cluster::getName, invalid);
        report(resources.clusterLoadAssignments(), clusterLoadAssignments, ClusterLoadAssignment::getClusterName, invalid);
        report(resources.secrets(), secrets, Secret::getName, invalid);
        return invalid;
    }

    private static <T extends Message> void report(List<T> resources, KeptByIdentity<? super T, List<Violation>> checked,
            Function<T, String> name, List<InvalidResource> invalid) {
        List<List<Violation>> violations = checked.apply(resources);
        for (int i = 0; i < resources.size(); i++) {
            if (!violations.get(i).isEmpty()) {
                T resource = resources.get(i);
                invalid.add(new InvalidResource(resource.getDescriptorForType().getName(), name.apply(resource),
                        violations.get(i)));
            }
        }
    }

    /** A route table changes with every route; its virtual hosts mostly do not, so they are checked one by one. */
    private List<Violation> routeConfigurationViolations(RouteConfiguration routes) {
        List<Violation> violations = new ArrayList<>(validator.validate(routes.toBuilder().clearVirtualHosts().build()));
        List<List<Violation>> byHost = virtualHosts.computeIfAbsent(routes.getName(),
                ignored -> new KeptByIdentity<>(validator::validate)).apply(routes.getVirtualHostsList());
        for (int i = 0; i < byHost.size(); i++) {
            for (Violation violation : byHost.get(i)) {
                int dot = violation.path().indexOf('.');
                violations.add(new Violation("RouteConfiguration.virtual_hosts[" + i + "]"
                        + (dot < 0 ? "" : violation.path().substring(dot)), violation.rule(), violation.message()));
            }
        }
        return violations;
    }
}
