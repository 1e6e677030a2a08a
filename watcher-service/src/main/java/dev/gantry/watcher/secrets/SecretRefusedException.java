package dev.gantry.watcher.secrets;

/** A Secret that must not be published: it cannot be sealed. The message names no secret value. */
public class SecretRefusedException extends RuntimeException {

    public SecretRefusedException(String message) {
        super(message);
    }
}
