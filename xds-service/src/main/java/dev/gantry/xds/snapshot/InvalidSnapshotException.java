package dev.gantry.xds.snapshot;

/** A snapshot read from Redis that must not be served; {@link #reason()} is a short metric tag. */
public class InvalidSnapshotException extends Exception {

    private final String reason;

    public InvalidSnapshotException(String reason, String message) {
        super(message);
        this.reason = reason;
    }

    public InvalidSnapshotException(String reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
