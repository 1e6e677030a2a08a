package dev.gantry.watcher.resource;

/** A document that is valid YAML but not a resource we can publish; the message says why. */
public class InvalidManifestException extends RuntimeException {

    public InvalidManifestException(String message) {
        super(message);
    }
}
