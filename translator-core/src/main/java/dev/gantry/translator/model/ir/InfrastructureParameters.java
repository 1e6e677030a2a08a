package dev.gantry.translator.model.ir;

import dev.gantry.translator.model.KubernetesGroups;
import dev.gantry.translator.model.ResourceIndex;
import dev.gantry.translator.status.Conditions;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewayClass;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.LocalParametersReference;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ParametersReference;
import java.util.Optional;

/**
 * The parametersRef of a GatewayClass and of a Gateway's {@code spec.infrastructure}: Gantry takes a
 * {@code GatewayParameters} of group {@code gateway.gantry.dev} that exists; anything else is
 * {@code Accepted=False/InvalidParameters} (Gateway API: an unsupported kind, a nonexistent object, or a
 * namespaced kind named without its namespace).
 */
final class InfrastructureParameters {

    static final String KIND = "GatewayParameters";

    private InfrastructureParameters() {
    }

    /** Why the GatewayClass's parametersRef is invalid, or empty when it is fine (or absent). */
    static Optional<String> problemOf(ResourceIndex index, GatewayClass gatewayClass) {
        ParametersReference ref = gatewayClass.getSpec() == null ? null : gatewayClass.getSpec().getParametersRef();
        if (ref == null) {
            return Optional.empty();
        }
        if (!supported(ref.getGroup(), ref.getKind())) {
            return Optional.of(unsupported(ref.getGroup(), ref.getKind()));
        }
        if (ref.getNamespace() == null || ref.getNamespace().isEmpty()) {
            return Optional.of("parametersRef names the namespaced " + KIND + " " + ref.getName() + " without a namespace");
        }
        return missing(index, ref.getNamespace(), ref.getName());
    }

    /** The Gateway's problem with its infrastructure.parametersRef, if any. */
    static Optional<GatewayProblem> check(ResourceIndex index, Gateway gateway) {
        LocalParametersReference ref = gateway.getSpec() == null || gateway.getSpec().getInfrastructure() == null
                ? null : gateway.getSpec().getInfrastructure().getParametersRef();
        if (ref == null) {
            return Optional.empty();
        }
        Optional<String> problem = supported(ref.getGroup(), ref.getKind())
                ? missing(index, gateway.getMetadata().getNamespace(), ref.getName())
                : Optional.of(unsupported(ref.getGroup(), ref.getKind()));
        return problem.map(message -> new GatewayProblem(Conditions.ACCEPTED, Conditions.REASON_INVALID_PARAMETERS,
                "infrastructure." + message));
    }

    private static boolean supported(String group, String kind) {
        return KubernetesGroups.GANTRY.equals(group) && KIND.equals(kind);
    }

    private static String unsupported(String group, String kind) {
        return "parametersRef must name a " + KIND + " of group " + KubernetesGroups.GANTRY + ", not "
                + (group == null || group.isEmpty() ? "core" : group) + "/" + kind;
    }

    private static Optional<String> missing(ResourceIndex index, String namespace, String name) {
        return index.gatewayParameters(namespace, name).isPresent() ? Optional.empty()
                : Optional.of("parametersRef names " + KIND + " " + namespace + "/" + name + ", which does not exist");
    }
}
