package dev.gantry.extauth.evaluator.passthrough;

/** The pass-through service could not be asked (unreachable, timed out, answered an error): the engine refuses. */
final class PassThroughFailure extends RuntimeException {

    PassThroughFailure(String message) {
        super(message, null, false, false);
    }
}
