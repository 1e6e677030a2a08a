package dev.gantry.proto.secrets;

/**
 * A secret could not be sealed or opened: an unknown key id, a malformed envelope, or an envelope that does not
 * authenticate (tampered, or moved to another object or field). The message never contains secret material.
 */
public class SecretCipherException extends RuntimeException {

    public SecretCipherException(String message) {
        super(message);
    }

    public SecretCipherException(String message, Throwable cause) {
        super(message, cause);
    }
}
