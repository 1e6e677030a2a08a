package dev.gantry.translator.status;

/**
 * Whether a Gateway's snapshot reached Redis, which is what {@code Programmed} reports: the translation
 * alone leaves it {@code Unknown/Pending}.
 */
public sealed interface ProgrammedState {

    /** Not written yet (a write failed and will be retried, or another translator owns the Gateway). */
    record Pending(String message) implements ProgrammedState {
    }

    /** The snapshot at this version is in Redis. */
    record Written(long version) implements ProgrammedState {
    }

    /** The snapshot was refused before writing (for example by Envoy's validation rules), so it was not pushed. */
    record Invalid(String message) implements ProgrammedState {
    }
}
