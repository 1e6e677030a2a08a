/**
 * The resolved policies the IR carries: what stage one read from the Gateway API filters, timeouts and retry
 * of a rule (and from the RouteOptions its ExtensionRefs name), checked, with every backend already resolved.
 * Plain immutable values without Gateway API or Envoy types: stage two's features
 * ({@code dev.gantry.translator.features}) read them and nothing else.
 *
 * <p>Built-in policies have a typed field each ({@link dev.gantry.translator.model.ir.policy.RouteFilters},
 * {@link dev.gantry.translator.model.ir.policy.RulePolicies}), as in Envoy Gateway's IR; a feature that is
 * not built in keeps its own record in {@link dev.gantry.translator.model.ir.policy.AttachedPolicies}, as
 * kgateway's plugins keep theirs, so adding one changes no record here.
 */
package dev.gantry.translator.model.ir.policy;
