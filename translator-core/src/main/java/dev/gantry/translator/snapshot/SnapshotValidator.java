package dev.gantry.translator.snapshot;

import dev.gantry.translator.envoy.EnvoyResources;
import java.util.Optional;

/**
 * Checks a Gateway's Envoy resources before they are written. A snapshot with problems is not pushed
 * (Envoy would NACK it); the Gateway's {@code Programmed} condition turns {@code False/Invalid} with
 * the message, and the last good snapshot stays in Redis.
 */
@FunctionalInterface
public interface SnapshotValidator {

    /** Accepts everything. */
    SnapshotValidator NONE = (gateway, resources) -> Optional.empty();

    /** A message describing what is wrong, or empty when the resources may be written. */
    Optional<String> problems(String gateway, EnvoyResources resources);

    /** Drops what is remembered of a Gateway that is gone. */
    default void forget(String gateway) {
    }
}
