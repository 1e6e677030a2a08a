package dev.gantry.translator.model.ir.policy;

/**
 * A checked RequestMirror whose backend resolved (an unresolved one is left out in stage one).
 *
 * @param cluster the Envoy cluster of the mirror's backend, one of the Gateway's backends
 * @param share how many requests are copied, or {@code null} for all of them
 */
public record MirrorIr(String cluster, Share share) {

    /** {@code numerator} out of {@code denominator}, which is 100, 10,000 or 1,000,000 (what Envoy offers). */
    public record Share(int numerator, int denominator) {
    }
}
