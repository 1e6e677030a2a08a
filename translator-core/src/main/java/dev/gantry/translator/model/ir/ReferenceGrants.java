package dev.gantry.translator.model.ir;

import dev.gantry.translator.model.KubernetesGroups;
import dev.gantry.translator.model.ResourceIndex;
import io.fabric8.kubernetes.api.model.gatewayapi.v1beta1.ReferenceGrant;
import java.util.Objects;

/** Whether a ReferenceGrant in the target's namespace lets an object of one namespace refer to it. */
final class ReferenceGrants {

    private ReferenceGrants() {
    }

    /**
     * True when the reference stays in its namespace, or a ReferenceGrant in {@code toNamespace} names
     * {@code fromGroup/fromKind} in {@code fromNamespace} and {@code toGroup/toKind} (all names, or {@code toName}).
     */
    static boolean permits(ResourceIndex index, String fromGroup, String fromKind, String fromNamespace,
            String toGroup, String toKind, String toNamespace, String toName) {
        if (Objects.equals(fromNamespace, toNamespace)) {
            return true;
        }
        for (ReferenceGrant grant : index.referenceGrants(toNamespace)) {
            if (grant.getSpec() == null || grant.getSpec().getFrom() == null || grant.getSpec().getTo() == null) {
                continue;
            }
            boolean fromUs = grant.getSpec().getFrom().stream().filter(Objects::nonNull)
                    .anyMatch(from -> sameGroup(fromGroup, from.getGroup()) && fromKind.equals(from.getKind())
                            && Objects.equals(fromNamespace, from.getNamespace()));
            boolean toIt = grant.getSpec().getTo().stream().filter(Objects::nonNull)
                    .anyMatch(to -> sameGroup(toGroup, to.getGroup()) && toKind.equals(to.getKind())
                            && (to.getName() == null || to.getName().isEmpty() || to.getName().equals(toName)));
            if (fromUs && toIt) {
                return true;
            }
        }
        return false;
    }

    private static boolean sameGroup(String expected, String actual) {
        return normalized(expected).equals(normalized(actual));
    }

    /** The core group is written {@code ""}, left out, or (in places) {@code core}. */
    static String normalized(String group) {
        return group == null || "core".equals(group) ? KubernetesGroups.CORE : group;
    }
}
