package dev.gantry.proto.secrets;

import java.util.Base64;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The AES-256 keys secrets are sealed with, by id. New material is sealed with the active key; every key in the
 * ring can still open what it sealed, so a key is rotated by adding a new one, making it active, and removing
 * the old one only once nothing sealed with it is left.
 *
 * <p>Configuration: {@code gantry.secrets.active-key=<id>} and {@code gantry.secrets.keys.<id>=<base64 of 32
 * bytes>} (as environment: {@code GANTRY_SECRETS_ACTIVE_KEY}, {@code GANTRY_SECRETS_KEYS_<ID>}; Spring lowercases
 * map keys bound from the environment, so ids are lowercase).
 */
public final class SecretKeys {

    public static final int KEY_BYTES = 32;
    private static final Pattern KEY_ID = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,62}");

    private final String activeKeyId;
    private final Map<String, SecretKey> keys;

    private SecretKeys(String activeKeyId, Map<String, SecretKey> keys) {
        this.activeKeyId = activeKeyId;
        this.keys = keys;
    }

    /** A ring without keys: nothing can be sealed or opened. */
    public static SecretKeys none() {
        return new SecretKeys(null, Map.of());
    }

    /**
     * Builds the ring from configuration values.
     *
     * @param activeKeyId the id new material is sealed with; {@code null} or blank for a ring that only opens
     *                    (allowed only with no keys, or when the caller never seals)
     * @param encodedKeys id to base64 (standard or URL-safe alphabet) of 32 random bytes
     * @throws IllegalArgumentException naming the offending id (never the key) when an id or key is malformed,
     *                                  or the active key is not in the ring
     */
    public static SecretKeys of(String activeKeyId, Map<String, String> encodedKeys) {
        Map<String, SecretKey> keys = new TreeMap<>();
        if (encodedKeys != null) {
            encodedKeys.forEach((id, encoded) -> keys.put(checkedId(id), decodeKey(id, encoded)));
        }
        String active = activeKeyId == null || activeKeyId.isBlank() ? null : activeKeyId.strip();
        if (active != null && !keys.containsKey(active)) {
            throw new IllegalArgumentException("gantry.secrets.active-key '" + active
                    + "' is not among gantry.secrets.keys " + keys.keySet());
        }
        return new SecretKeys(active, Collections.unmodifiableMap(keys));
    }

    /** The id new material is sealed with, empty when this ring cannot seal. */
    public Optional<String> activeKeyId() {
        return Optional.ofNullable(activeKeyId);
    }

    public boolean canSeal() {
        return activeKeyId != null;
    }

    public boolean isEmpty() {
        return keys.isEmpty();
    }

    /** The ids in the ring, for logs and health details; never the keys. */
    public java.util.Set<String> ids() {
        return keys.keySet();
    }

    Optional<SecretKey> key(String id) {
        return Optional.ofNullable(keys.get(id));
    }

    @Override
    public String toString() {
        return "SecretKeys[active=" + activeKeyId + ", ids=" + keys.keySet() + "]";
    }

    private static String checkedId(String id) {
        if (id == null || !KEY_ID.matcher(id).matches()) {
            throw new IllegalArgumentException("secret key id '" + id
                    + "' must be lowercase letters, digits, '.', '_' or '-' (at most 63), starting with a letter or digit");
        }
        return id;
    }

    private static SecretKey decodeKey(String id, String encoded) {
        if (encoded == null || encoded.isBlank()) {
            throw new IllegalArgumentException("secret key '" + id + "' is empty");
        }
        byte[] bytes;
        String trimmed = encoded.strip();
        try {
            bytes = trimmed.indexOf('-') >= 0 || trimmed.indexOf('_') >= 0
                    ? Base64.getUrlDecoder().decode(trimmed)
                    : Base64.getDecoder().decode(trimmed);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("secret key '" + id + "' is not base64");
        }
        if (bytes.length != KEY_BYTES) {
            throw new IllegalArgumentException("secret key '" + id + "' must be " + KEY_BYTES
                    + " bytes (base64 of 32 random bytes, e.g. `openssl rand -base64 32`), not " + bytes.length);
        }
        return new SecretKeySpec(bytes, "AES");
    }
}
