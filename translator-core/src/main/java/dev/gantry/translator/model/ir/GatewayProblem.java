package dev.gantry.translator.model.ir;

/**
 * Something about a Gateway itself (not its listeners) that its status must show.
 *
 * @param type the condition it sets: {@code Accepted} (the Gateway is refused) or {@code Programmed}
 *             (accepted, but it cannot be reached as asked)
 * @param reason the spec's reason (UnsupportedAddress, InvalidParameters, AddressNotUsable, AddressNotAssigned)
 */
record GatewayProblem(String type, String reason, String message) {
}
