package dev.gantry.extauth.secrets;

import dev.gantry.proto.ResourceKey;
import dev.gantry.proto.secrets.SecretCipher;
import dev.gantry.proto.secrets.SecretCipherException;
import java.nio.charset.StandardCharsets;

/**
 * Opens one entry of a Secret as the watcher sealed it: an envelope bound to the Secret's resource key
 * ({@code /Secret/<namespace>/<name>}) and the entry name. Plain text is what a watcher without keys publishes
 * (development); it is accepted only while this service has no key either, so a production service never takes
 * a value that skipped sealing.
 */
public final class SecretOpener {

    private final SecretCipher cipher;

    public SecretOpener(SecretCipher cipher) {
        this.cipher = cipher;
    }

    /** @throws SecretCipherException naming the Secret and entry and why, never the value */
    public byte[] open(String namespace, String name, String entry, String value) {
        if (SecretCipher.isEnvelope(value)) {
            String resourceKey = ResourceKey.of("v1", "Secret", namespace, name).toString();
            try {
                return cipher.decrypt(value, SecretCipher.aad(resourceKey, entry));
            } catch (SecretCipherException e) {
                throw new SecretCipherException("Secret " + namespace + "/" + name + " entry " + entry + ": "
                        + e.getMessage());
            }
        }
        if (!cipher.keys().isEmpty()) {
            throw new SecretCipherException("Secret " + namespace + "/" + name + " entry " + entry
                    + " is not sealed, and this service only takes sealed values once it has keys");
        }
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
