package dev.gantry.translator.model.ir;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Creation times, which decide precedence between objects (older first). */
final class CreationTimes {

    private CreationTimes() {
    }

    /** An object without a (valid) creationTimestamp yields to those with one: {@link Instant#MAX}. */
    static Instant of(HasMetadata object) {
        String timestamp = object.getMetadata() == null ? null : object.getMetadata().getCreationTimestamp();
        if (timestamp == null || timestamp.isEmpty()) {
            return Instant.MAX;
        }
        try {
            return Instant.parse(timestamp);
        } catch (DateTimeParseException e) {
            return Instant.MAX;
        }
    }
}
