package dev.gantry.extauth.evaluator;

/** A check that cannot be compiled; the message names what is wrong, never secret material. */
public class InvalidAuthConfigException extends Exception {

    public InvalidAuthConfigException(String message) {
        super(message);
    }

    public InvalidAuthConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
