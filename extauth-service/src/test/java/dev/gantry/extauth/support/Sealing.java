package dev.gantry.extauth.support;

import dev.gantry.extauth.secrets.PolicySecrets;
import dev.gantry.extauth.secrets.SecretOpener;
import dev.gantry.proto.ResourceKey;
import dev.gantry.proto.SealedSecret;
import dev.gantry.proto.secrets.SecretCipher;
import dev.gantry.proto.secrets.SecretKeys;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/** Seals Secrets exactly as the watcher does (SecretSealer): each entry bound to /Secret/<ns>/<name> and its name. */
public final class Sealing {

    public static final String KEY_ID = "test1";
    public static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);
    public static final SecretCipher CIPHER = new SecretCipher(SecretKeys.of(KEY_ID, Map.of(KEY_ID, KEY)));

    private Sealing() {
    }

    public static SealedSecret sealed(String namespace, String name, Map<String, String> labels,
            Map<String, String> entries) {
        String resourceKey = ResourceKey.of("v1", "Secret", namespace, name).toString();
        Map<String, String> data = new LinkedHashMap<>();
        entries.forEach((entry, value) -> data.put(entry, CIPHER.encrypt(SecretCipher.aad(resourceKey, entry),
                value.getBytes(StandardCharsets.UTF_8))));
        return SealedSecret.newBuilder().setNamespace(namespace).setName(name).setType("Opaque")
                .putAllLabels(labels).putAllData(data).build();
    }

    /** The PolicySecrets of a config in {@code namespace}, opened with the test key. */
    public static PolicySecrets secrets(String namespace, SealedSecret... secrets) {
        Map<String, SealedSecret> byKey = new LinkedHashMap<>();
        for (SealedSecret secret : secrets) {
            byKey.put(secret.getNamespace() + "/" + secret.getName(), secret);
        }
        return new PolicySecrets(namespace, byKey, new SecretOpener(CIPHER));
    }
}
