/**
 * The feature seam (DESIGN.md §4): every feature of the translator is one class behind the hooks of
 * {@link dev.gantry.translator.features.Feature}, listed once in {@link dev.gantry.translator.features.FeatureSet}.
 * In stage one a feature reads and checks its part of a rule into the IR's typed policies
 * ({@link dev.gantry.translator.features.RuleReader}); in stage two it applies them to routes, virtual hosts,
 * connection managers (HTTP filters in {@link dev.gantry.translator.features.HttpFilterOrder}), listeners and
 * clusters, and may add resources. The built-ins are the Gateway API's filters, timeouts, retries and CORS.
 * docs/architecture.md, "The feature seam", shows how a feature is added.
 */
package dev.gantry.translator.features;
