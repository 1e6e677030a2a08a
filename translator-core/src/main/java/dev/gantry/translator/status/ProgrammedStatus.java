package dev.gantry.translator.status;

import dev.gantry.proto.Condition;
import dev.gantry.proto.ListenerStatus;
import dev.gantry.proto.ResourceStatus;


/**
 * Rewrites the {@code Programmed} conditions of a Gateway's status and of its listeners that the
 * translation left {@code Pending}, according to what happened to its snapshot. What the translation
 * already decided ({@code False/Invalid} listeners, a Gateway without a valid listener, an address that
 * cannot be used) stays as it is.
 */
public final class ProgrammedStatus {

    private ProgrammedStatus() {
    }

    public static ResourceStatus apply(ResourceStatus gateway, ProgrammedState state) {
        ResourceStatus.Builder builder = gateway.toBuilder().clearConditions().clearListeners();
        for (Condition condition : gateway.getConditionsList()) {
            // only a Pending verdict waits for the snapshot: an address that cannot be used, or no valid listener,
            // stays False whatever happens to the snapshot
            builder.addConditions(pending(condition) ? programmed(condition, state) : condition);
        }
        for (ListenerStatus listener : gateway.getListenersList()) {
            ListenerStatus.Builder patched = listener.toBuilder().clearConditions();
            for (Condition condition : listener.getConditionsList()) {
                patched.addConditions(pending(condition) ? programmed(condition, state) : condition);
            }
            builder.addListeners(patched);
        }
        return builder.build();
    }

    private static boolean pending(Condition condition) {
        return Conditions.PROGRAMMED.equals(condition.getType()) && Conditions.REASON_PENDING.equals(condition.getReason());
    }

    private static Condition programmed(Condition condition, ProgrammedState state) {
        Condition.Builder builder = condition.toBuilder();
        if (state instanceof ProgrammedState.Written) {
            return builder.setStatus(Conditions.TRUE).setReason(Conditions.REASON_PROGRAMMED)
                    .setMessage("The configuration was handed to the xDS servers").build();
        }
        if (state instanceof ProgrammedState.Invalid invalid) {
            return builder.setStatus(Conditions.FALSE).setReason(Conditions.REASON_INVALID)
                    .setMessage(invalid.message()).build();
        }
        if (state instanceof ProgrammedState.Pending pending && !pending.message().isEmpty()) {
            return builder.setMessage(pending.message()).build();
        }
        return condition;
    }

    /**
     * The Gateway ({@code <namespace>/<name>}) whose snapshot decides this status's Programmed conditions: a
     * Gateway's own, or the one a ListenerSet's listeners joined ({@code programmed_with}); empty for other kinds.
     */
    public static java.util.Optional<String> programmedWith(ResourceStatus status) {
        if (isGateway(status)) {
            return java.util.Optional.of(status.getNamespace() + "/" + status.getName());
        }
        return status.getProgrammedWith().isEmpty() ? java.util.Optional.empty()
                : java.util.Optional.of(status.getProgrammedWith());
    }

    /** The Gateways among the statuses, for callers that patch them. */
    public static boolean isGateway(ResourceStatus status) {
        return "Gateway".equals(status.getKind()) && status.getApiVersion().startsWith("gateway.networking.k8s.io/");
    }

}
