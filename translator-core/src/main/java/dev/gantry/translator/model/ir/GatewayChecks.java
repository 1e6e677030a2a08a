package dev.gantry.translator.model.ir;

import dev.gantry.translator.model.ResourceIndex;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import java.util.Optional;

/**
 * What is wrong with a Gateway as a whole, beyond its listeners: its infrastructure parametersRef, then its
 * requested addresses. The first problem found is the one reported; a Gateway refused for one does not need
 * the other judged.
 */
final class GatewayChecks {

    private GatewayChecks() {
    }

    static Optional<GatewayProblem> of(ResourceIndex index, Gateway gateway) {
        return InfrastructureParameters.check(index, gateway).or(() -> RequestedAddresses.check(index, gateway));
    }
}
