package dev.gantry.support.policy;

/** A policy configuration the service cannot put in service; the message says why, for the log. */
public class InvalidPolicyException extends Exception {

    public InvalidPolicyException(String message) {
        super(message);
    }

    public InvalidPolicyException(String message, Throwable cause) {
        super(message, cause);
    }
}
