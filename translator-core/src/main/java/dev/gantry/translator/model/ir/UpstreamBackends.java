package dev.gantry.translator.model.ir;

import dev.gantry.model.upstream.Upstream;
import dev.gantry.model.upstream.UpstreamSpec;
import dev.gantry.translator.model.KubernetesGroups;
import dev.gantry.translator.model.ResourceIndex;
import dev.gantry.translator.status.Conditions;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import java.util.Optional;

/**
 * A backendRef of kind Upstream ({@code gateway.gantry.dev}): the Upstream, checked, as a {@link BackendService}.
 * Everything is read through the index while the route's rules are recorded, so a change of the Upstream (or of
 * the Service a {@code kube} Upstream names, the Secret or ConfigMap its {@code sslConfig} names, or a
 * ReferenceGrant) re-resolves the routes forwarding to it.
 */
final class UpstreamBackends {

    static final String KIND = "Upstream";
    private static final String SERVICE_KIND = "Service";

    /** A backend, or the ResolvedRefs reason and message of why there is none. */
    record Resolution(BackendService backend, String reason, String message) {

        static Resolution problem(String reason, String message) {
            return new Resolution(null, reason, message);
        }
    }

    private UpstreamBackends() {
    }

    static Resolution resolve(ResourceIndex index, String routeKind, String routeNamespace, String namespace,
            String name) {
        String target = namespace + "/" + name;
        if (name == null || name.isEmpty()) {
            return Resolution.problem(Conditions.REASON_BACKEND_NOT_FOUND, "a backendRef has no name");
        }
        if (!ReferenceGrants.permits(index, KubernetesGroups.GATEWAY_API, routeKind, routeNamespace,
                KubernetesGroups.GANTRY, KIND, namespace, name)) {
            return Resolution.problem(Conditions.REASON_REF_NOT_PERMITTED,
                    "backendRef Upstream " + target + " is in another namespace and no ReferenceGrant allows it");
        }
        Optional<Upstream> upstream = index.upstream(namespace, name);
        if (upstream.isEmpty()) {
            return Resolution.problem(Conditions.REASON_BACKEND_NOT_FOUND, "Upstream " + target + " not found");
        }
        UpstreamSpec spec = upstream.get().getSpec();
        String problem = UpstreamChecks.problem(spec);
        if (problem != null) {
            // The Upstream's own status names the field; the route says which backend it cannot use.
            return Resolution.problem(Conditions.REASON_UNSUPPORTED_VALUE, "Upstream " + target + " is invalid: " + problem);
        }
        UpstreamTlsRefs.Resolution tls = UpstreamTlsRefs.resolve(index, namespace, spec);
        if (!tls.resolved()) {
            // Refused rather than sent without: a backend that demands the certificate (or must be verified with
            // that CA) would fail every request, or be trusted on the wrong grounds.
            return Resolution.problem(Conditions.REASON_REF_NOT_PERMITTED.equals(tls.reason())
                    ? Conditions.REASON_REF_NOT_PERMITTED : Conditions.REASON_UNSUPPORTED_VALUE,
                    "Upstream " + target + ": " + tls.message());
        }
        UpstreamIr ir = new UpstreamIr(namespace, name, spec, tls.material());
        if (spec.staticHosts() != null) {
            return new Resolution(new BackendService(namespace, name, 0, "", null, ir), null, null);
        }
        return kube(index, ir, spec.kube());
    }

    /** The Service port a {@code kube} Upstream names, whose EndpointSlices give the cluster its endpoints. */
    private static Resolution kube(ResourceIndex index, UpstreamIr upstream, UpstreamSpec.KubeDestination kube) {
        String namespace = kube.serviceNamespace() == null || kube.serviceNamespace().isEmpty() ? upstream.namespace()
                : kube.serviceNamespace();
        String service = namespace + "/" + kube.serviceName();
        String from = "Upstream " + upstream.namespace() + "/" + upstream.name();
        // An Upstream must not reach into a namespace that did not agree to it, any more than a route may.
        if (!ReferenceGrants.permits(index, KubernetesGroups.GANTRY, KIND, upstream.namespace(), KubernetesGroups.CORE,
                SERVICE_KIND, namespace, kube.serviceName())) {
            return Resolution.problem(Conditions.REASON_REF_NOT_PERMITTED,
                    from + ": Service " + service + " is in another namespace and no ReferenceGrant allows it");
        }
        Optional<Service> found = index.service(namespace, kube.serviceName());
        if (found.isEmpty()) {
            return Resolution.problem(Conditions.REASON_BACKEND_NOT_FOUND, from + ": Service " + service + " not found");
        }
        Optional<ServicePort> port = BackendResolver.portOf(found.get(), kube.servicePort());
        if (port.isEmpty()) {
            return Resolution.problem(Conditions.REASON_BACKEND_NOT_FOUND,
                    from + ": Service " + service + " has no port " + kube.servicePort());
        }
        return new Resolution(new BackendService(namespace, kube.serviceName(), port.get().getPort(),
                port.get().getName() == null ? "" : port.get().getName(), port.get().getAppProtocol(), upstream), null, null);
    }
}
