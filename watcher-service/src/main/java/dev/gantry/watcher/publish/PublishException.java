package dev.gantry.watcher.publish;

/** Kafka could not be reached to learn or change what is published. */
public class PublishException extends RuntimeException {

    public PublishException(String message, Throwable cause) {
        super(message, cause);
    }
}
