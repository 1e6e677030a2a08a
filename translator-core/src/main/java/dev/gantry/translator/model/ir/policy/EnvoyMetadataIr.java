package dev.gantry.translator.model.ir.policy;

import java.util.Map;

/**
 * A RouteOption's {@code envoyMetadata}, checked: per filter namespace, a JSON object (maps, lists, strings, finite
 * numbers, booleans, nulls) that becomes the route's {@code metadata.filter_metadata}. Immutable.
 */
public record EnvoyMetadataIr(Map<String, Map<String, Object>> filterMetadata) {
}
