package dev.gantry.translator.model.ir.policy;

/**
 * The VirtualHostOptions that apply to a listener's virtual hosts, read as a rule's policies are (headers, CORS,
 * retries, buffering), so that each feature builds the same Envoy config it builds for a route; stage two puts it
 * on the virtual host, where Envoy lets a route's own config win.
 *
 * @param sources {@code <namespace>/<name>} of the VirtualHostOptions merged, oldest first
 */
public record VirtualHostPolicy(java.util.List<String> sources, RulePolicies policies) {
}
