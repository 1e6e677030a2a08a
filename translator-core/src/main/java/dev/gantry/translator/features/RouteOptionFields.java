package dev.gantry.translator.features;

import dev.gantry.model.options.RouteOptions;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;

/**
 * The RouteOptions that apply to a rule, carried on the rule's copy for the features that read RouteOption
 * fields the Gateway API has no words for (faults, buffering, regex rewrites...). Stage one writes them
 * ({@code RouteOptionRule}, on the copy it owns, never on the index's object) and each such feature's
 * {@link Feature#readRule} reads its own field back, so the rule stays the one thing a feature reads.
 */
public final class RouteOptionFields {

    /** Not a Gateway API field name (those are camelCase words), so it can never clash with one. */
    private static final String KEY = "gantry.dev/route-options";

    private RouteOptionFields() {
    }

    /**
     * Carries {@code options} on {@code rule}. Options already carried (an earlier ExtensionRef's) keep the
     * fields they set, {@code options} fills the others, as k8sgateway merges policies.
     */
    public static void carry(HTTPRouteRule rule, RouteOptions options) {
        RouteOptions earlier = of(rule);
        rule.setAdditionalProperty(KEY, earlier == null ? options : RouteOptionsMerge.merge(earlier, options));
    }

    /** The options carried on {@code rule}, or {@code null}. */
    public static RouteOptions of(HTTPRouteRule rule) {
        Object carried = rule.getAdditionalProperties() == null ? null : rule.getAdditionalProperties().get(KEY);
        return carried instanceof RouteOptions options ? options : null;
    }
}
