package dev.gantry.translator.model.ir;

import dev.gantry.proto.ListenerStatus;
import dev.gantry.translator.model.ir.policy.AttachedPolicies;
import dev.gantry.translator.status.Conditions;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.AllowedRoutes;
import java.util.ArrayList;
import java.util.List;

/** A Gateway listener while stage one works on it: what it is, what is wrong with it, what attached to it. */
final class ListenerState {

    final String name;
    final int port;
    /** {@code null} when the protocol is not one Gantry supports. */
    final ListenerProtocol protocol;
    final String hostname;
    final AllowedRoutes allowedRoutes;
    /** {@code <namespace>/<name>} of the ListenerSet the listener comes from, {@code null} for the Gateway's own. */
    final String owner;
    /** The namespace of the object that holds the listener: {@code allowedRoutes} {@code Same} means this one. */
    final String ownerNamespace;
    final List<RouteKind> supportedKinds = new ArrayList<>();
    final List<TlsCertificate> certificates = new ArrayList<>();
    /** HTTPS, or TLS in mode Terminate. */
    boolean terminatesTls;
    /** Client certificate validation (Gateway spec.tls.frontend), or {@code null}. */
    ClientValidationIr clientValidation;
    final List<HttpRouteIr> httpRoutes = new ArrayList<>();
    final List<StreamRouteIr> streamRoutes = new ArrayList<>();
    int attachedRoutes;

    String notAcceptedReason;
    String notAcceptedMessage;
    String unresolvedReason;
    String unresolvedMessage;
    String conflictReason;
    String conflictMessage;

    ListenerState(String name, int port, ListenerProtocol protocol, String hostname, AllowedRoutes allowedRoutes) {
        this(name, port, protocol, hostname, allowedRoutes, null, null);
    }

    ListenerState(String name, int port, ListenerProtocol protocol, String hostname, AllowedRoutes allowedRoutes,
            String owner, String ownerNamespace) {
        this.owner = owner;
        this.ownerNamespace = ownerNamespace;
        this.name = name;
        this.port = port;
        this.protocol = protocol;
        this.hostname = hostname;
        this.allowedRoutes = allowedRoutes;
    }

    void notAccepted(String reason, String message) {
        if (notAcceptedReason == null) {
            notAcceptedReason = reason;
            notAcceptedMessage = message;
        }
    }

    void unresolved(String reason, String message) {
        if (unresolvedReason == null) {
            unresolvedReason = reason;
            unresolvedMessage = message;
        } else {
            unresolvedMessage = unresolvedMessage + "; " + message;
        }
    }

    void conflicted(String reason, String message) {
        if (conflictReason == null) {
            conflictReason = reason;
            conflictMessage = message;
        }
    }

    /**
     * Whether Envoy gets this listener: accepted, not in conflict, able to take some route kind, and when
     * it terminates TLS holding at least one usable certificate.
     */
    boolean programmable() {
        return notAcceptedReason == null && conflictReason == null && !supportedKinds.isEmpty()
                && (!terminatesTls || !certificates.isEmpty());
    }

    ListenerStatus status(long generation) {
        ListenerStatus.Builder status = ListenerStatus.newBuilder()
                .setName(name == null ? "" : name)
                .setAttachedRoutes(attachedRoutes);
        supportedKinds.forEach(kind -> status.addSupportedKinds(kind.kind));
        // A conflicted listener is not accepted: Envoy never gets it, and the Gateway says ListenersNotValid because
        // of it. The reason names the conflict (HostnameConflict, ProtocolConflict), alike for the Gateway's own
        // listeners (all of those involved) and for a ListenerSet's listener that yields to one of higher precedence.
        boolean conflicted = conflictReason != null && notAcceptedReason == null;
        status.addConditions(conflicted
                ? Conditions.of(Conditions.ACCEPTED, false, conflictReason, conflictMessage, generation)
                : notAcceptedReason == null
                ? Conditions.of(Conditions.ACCEPTED, true, Conditions.REASON_ACCEPTED, "Listener is accepted", generation)
                : Conditions.of(Conditions.ACCEPTED, false, notAcceptedReason, notAcceptedMessage, generation));
        status.addConditions(unresolvedReason == null
                ? Conditions.of(Conditions.RESOLVED_REFS, true, Conditions.REASON_RESOLVED_REFS,
                        "All references are resolved", generation)
                : Conditions.of(Conditions.RESOLVED_REFS, false, unresolvedReason, unresolvedMessage, generation));
        status.addConditions(conflictReason == null
                ? Conditions.of(Conditions.CONFLICTED, false, Conditions.REASON_NO_CONFLICTS, "No conflicts", generation)
                : Conditions.of(Conditions.CONFLICTED, true, conflictReason, conflictMessage, generation));
        status.addConditions(programmable()
                ? Conditions.of(Conditions.PROGRAMMED, Conditions.UNKNOWN, Conditions.REASON_PENDING,
                        "Waiting for the snapshot to be written", generation)
                : conflicted
                ? Conditions.of(Conditions.PROGRAMMED, false, conflictReason, conflictMessage, generation)
                : Conditions.of(Conditions.PROGRAMMED, false, Conditions.REASON_INVALID,
                        "The listener is invalid, see its other conditions", generation));
        return status.build();
    }

    /** The listener's status when its Gateway is refused as a whole: whatever its own state, it is not programmed. */
    ListenerStatus statusUnderRefusedGateway(long generation) {
        ListenerStatus status = status(generation);
        ListenerStatus.Builder refused = status.toBuilder().clearConditions();
        status.getConditionsList().forEach(condition -> refused.addConditions(Conditions.PROGRAMMED.equals(condition.getType())
                ? Conditions.of(Conditions.PROGRAMMED, false, Conditions.REASON_INVALID, "The Gateway is not accepted",
                        generation)
                : condition));
        return refused.build();
    }

    /**
     * The listener's name in stage two, unique within the Gateway: a ListenerSet's listener may carry the name of a
     * Gateway listener or of another ListenerSet's.
     */
    String irName() {
        return owner == null ? name : ListenerSets.KIND + "~" + owner.replace('/', '~') + "~" + name;
    }

    /** @param gateway {@code <namespace>/<name>} of the Gateway at work */
    ListenerIr toIr(String gateway, RoutePolicyUses policyUses) {
        List<HttpRouteIr> routes = List.copyOf(httpRoutes);
        return new ListenerIr(irName(), port, protocol, hostname, terminatesTls,
                certificates.stream().map(TlsCertificate::sdsName).toList(), clientValidation, routes, streamRoutes,
                AttachedPolicies.NONE.with(policyUses.of(gateway + "#" + irName(), routes)));
    }
}
