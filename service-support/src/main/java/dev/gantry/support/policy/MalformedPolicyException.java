package dev.gantry.support.policy;

/** A policy hash in Redis that no translator writes that way (a version that is not a number). */
public class MalformedPolicyException extends RuntimeException {

    public MalformedPolicyException(String message, Throwable cause) {
        super(message, cause);
    }
}
