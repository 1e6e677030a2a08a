package dev.gantry.watcher.secrets;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import java.util.Set;

import dev.gantry.proto.ResourceKey;
import dev.gantry.proto.secrets.SecretCipher;
import dev.gantry.proto.secrets.SecretCipherException;
import dev.gantry.proto.secrets.TlsKeyPairs;
import dev.gantry.watcher.publish.PublishedResource;
import dev.gantry.watcher.resource.ResourceObject;
import dev.gantry.watcher.resource.ResourceObjects;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Replaces every value of a core {@code Secret}'s {@code data} and {@code stringData} with an envelope
 * ({@link SecretCipher}), except public material ({@code tls.crt}, {@code ca.crt}) that the translator reads to
 * check certificates. A {@code data} value is sealed as the bytes it encodes, a {@code stringData} value as its
 * UTF-8 bytes, each bound to the Secret's resource key and the entry name. Other kinds pass unchanged.
 *
 * <p>Sealing uses a fresh nonce, so the same Secret would seal differently every time and be republished on
 * every sync; an envelope already published for the same value under the active key is therefore reused.
 * A change of active key reseals (and so republishes) everything, which is what rotation wants.
 */
public final class SecretSealer {

    /** Entries every client may see; the translator validates the certificate from them. */
    public static final Set<String> PUBLIC_ENTRIES = Set.of("tls.crt", "ca.crt");
    // kubectl apply copies the whole object, values included, into this annotation.
    static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";
    private static final String DATA = "data";
    private static final String STRING_DATA = "stringData";
    private static final String TLS_KEY = "tls.key";
    private static final String TLS_CRT = "tls.crt";

    private final SecretCipher cipher;
    private final ResourceObjects resourceObjects;
    // Our own mapper, like ResourceObjects: the published JSON must not change with spring.jackson.* settings.
    private final JsonMapper mapper = JsonMapper.builder().build();

    /** @param cipher {@code null} when no keys are configured: every Secret is then refused */
    public SecretSealer(SecretCipher cipher, ResourceObjects resourceObjects) {
        this.cipher = cipher;
        this.resourceObjects = resourceObjects;
    }

    public static boolean isSecret(ResourceKey key) {
        return key.group().isEmpty() && "Secret".equals(key.kind());
    }

    /**
     * @param previous what is published for the key, {@code null} when nothing
     * @return the object to publish
     * @throws SecretRefusedException when a Secret cannot be sealed (no active key, a value that is not base64
     *                                or not a string); it must then not be published at all
     */
    public ResourceObject seal(ResourceObject object, PublishedResource previous) {
        if (!isSecret(object.key())) {
            return object;
        }
        if (cipher == null || !cipher.keys().canSeal()) {
            throw new SecretRefusedException("no secret key configured (gantry.secrets.active-key and "
                    + "gantry.secrets.keys.<id>); Secrets are never published in the clear");
        }
        ObjectNode tree = (ObjectNode) mapper.readTree(object.json());
        ObjectNode published = previous == null ? null : publishedTree(previous.json());
        String resourceKey = object.key().toString();
        recordKeyPairing(tree);
        sealSection(tree, published, DATA, resourceKey);
        sealSection(tree, published, STRING_DATA, resourceKey);
        if (tree.get("metadata") instanceof ObjectNode metadata
                && metadata.get("annotations") instanceof ObjectNode annotations) {
            annotations.remove(LAST_APPLIED);
        }
        String json = mapper.writeValueAsString(tree);
        return new ResourceObject(object.key(), object.apiVersion(), object.kind(), object.namespace(),
                object.name(), json, object.declaredGeneration(), resourceObjects.specDigest(json),
                object.source(), object.line());
    }

    /**
     * Records whether {@code tls.key} belongs to {@code tls.crt} ({@link TlsKeyPairs}) while the key is still in
     * the clear: the translator never opens it, yet must keep a mismatched pair away from Envoy. A value the
     * manifest brings is replaced; a key sealed already (a copy of published state) keeps the published verdict.
     */
    private void recordKeyPairing(ObjectNode tree) {
        String key = clearEntry(tree, TLS_KEY);
        if (key != null && SecretCipher.isEnvelope(key)) {
            return;
        }
        ObjectNode metadata = tree.get("metadata") instanceof ObjectNode node ? node : tree.putObject("metadata");
        ObjectNode annotations = metadata.get("annotations") instanceof ObjectNode node ? node : null;
        if (key == null) {
            if (annotations != null) {
                annotations.remove(TlsKeyPairs.ANNOTATION);
            }
            return;
        }
        String certificate = clearEntry(tree, TLS_CRT);
        if (annotations == null) {
            annotations = metadata.putObject("annotations");
        }
        annotations.put(TlsKeyPairs.ANNOTATION,
                certificate == null ? TlsKeyPairs.UNREADABLE : TlsKeyPairs.verdict(certificate, key));
    }

    /** An entry as text: {@code data} decoded from base64 (an envelope as is), else {@code stringData}. */
    private static String clearEntry(ObjectNode tree, String field) {
        JsonNode data = tree.get(DATA);
        JsonNode value = data instanceof ObjectNode ? data.get(field) : null;
        if (value != null && value.isString()) {
            String text = value.asString();
            if (SecretCipher.isEnvelope(text)) {
                return text;
            }
            try {
                return new String(Base64.getDecoder().decode(text.replaceAll("\\s", "")), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return null; // sealing refuses it with a clear message
            }
        }
        JsonNode stringData = tree.get(STRING_DATA);
        value = stringData instanceof ObjectNode ? stringData.get(field) : null;
        return value != null && value.isString() ? value.asString() : null;
    }

    private void sealSection(ObjectNode tree, ObjectNode published, String section, String resourceKey) {
        JsonNode values = tree.get(section);
        if (values == null || values.isNull()) {
            return;
        }
        if (!(values instanceof ObjectNode entries)) {
            throw new SecretRefusedException(section + " is not a mapping");
        }
        JsonNode previousSection = published == null ? null : published.get(section);
        for (Map.Entry<String, JsonNode> entry : Set.copyOf(entries.properties())) {
            String field = entry.getKey();
            JsonNode value = entry.getValue();
            if (value == null || value.isNull() || PUBLIC_ENTRIES.contains(field)) {
                continue;
            }
            if (!value.isString()) {
                throw new SecretRefusedException(section + "." + field + " is not a string");
            }
            String text = value.asString();
            if (SecretCipher.isEnvelope(text)) {
                continue; // sealed already (a copy of published state); only its reader can tell if it opens
            }
            byte[] plaintext = DATA.equals(section) ? decodeBase64(section, field, text)
                    : text.getBytes(StandardCharsets.UTF_8);
            byte[] aad = SecretCipher.aad(resourceKey, field);
            String reused = reusable(previousSection, field, aad, plaintext);
            entries.put(field, reused != null ? reused : cipher.encrypt(aad, plaintext));
        }
    }

    /** The published envelope of this entry when it holds the same bytes under the active key. */
    private String reusable(JsonNode previousSection, String field, byte[] aad, byte[] plaintext) {
        JsonNode node = previousSection == null ? null : previousSection.get(field);
        if (node == null || !node.isString()) {
            return null;
        }
        String envelope = node.asString();
        if (!SecretCipher.isEnvelope(envelope)) {
            return null;
        }
        try {
            if (!SecretCipher.keyIdOf(envelope).equals(cipher.keys().activeKeyId().orElseThrow())) {
                return null;
            }
            return MessageDigest.isEqual(cipher.decrypt(envelope, aad), plaintext) ? envelope : null;
        } catch (SecretCipherException e) {
            return null; // unreadable or foreign: seal afresh
        }
    }

    private ObjectNode publishedTree(String json) {
        try {
            return mapper.readTree(json) instanceof ObjectNode node ? node : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static byte[] decodeBase64(String section, String field, String text) {
        try {
            // Manifests may wrap long values over lines; the API server never does.
            return Base64.getDecoder().decode(text.replaceAll("\\s", ""));
        } catch (IllegalArgumentException e) {
            throw new SecretRefusedException(section + "." + field + " is not base64");
        }
    }
}
