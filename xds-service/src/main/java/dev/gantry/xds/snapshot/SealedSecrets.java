package dev.gantry.xds.snapshot;

import com.google.protobuf.ByteString;
import dev.gantry.proto.ResourceKey;
import dev.gantry.proto.secrets.SecretCipher;
import dev.gantry.proto.secrets.SecretCipherException;
import io.envoyproxy.envoy.config.core.v3.DataSource;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Opens the private keys the watcher sealed ({@link SecretCipher}) just before a snapshot is served: Redis
 * and the translator only ever hold the envelope. The translator names an SDS Secret {@code <namespace>/<name>}
 * after the Kubernetes Secret, and the envelope is bound to that Secret and its {@code tls.key} entry, so a
 * key copied into another Secret does not open. A key in the clear (from a watcher without keys) is served as is.
 */
public final class SealedSecrets {

    static final String PRIVATE_KEY_ENTRY = "tls.key";

    private final SecretCipher cipher;

    public SealedSecrets(SecretCipher cipher) {
        this.cipher = cipher;
    }

    /**
     * @return the resources with every sealed private key opened (the same instance when none is sealed)
     * @throws InvalidSnapshotException with reason {@code secret} when a sealed key does not open; the message
     *                                  names the Secret and why, never key material
     */
    public GatewayResources open(GatewayResources resources) throws InvalidSnapshotException {
        boolean changed = false;
        List<Secret> opened = new ArrayList<>(resources.secrets().size());
        for (Secret secret : resources.secrets()) {
            Secret open = open(secret);
            changed |= open != secret;
            opened.add(open);
        }
        if (!changed) {
            return resources;
        }
        return resources.withSecrets(opened);
    }

    private Secret open(Secret secret) throws InvalidSnapshotException {
        if (!secret.hasTlsCertificate() || !secret.getTlsCertificate().hasPrivateKey()) {
            return secret;
        }
        DataSource key = secret.getTlsCertificate().getPrivateKey();
        DataSource opened;
        if (key.hasInlineString() && SecretCipher.isEnvelope(key.getInlineString())) {
            opened = DataSource.newBuilder().setInlineString(
                    new String(decrypt(secret.getName(), key.getInlineString()), StandardCharsets.UTF_8)).build();
        } else if (key.hasInlineBytes() && SecretCipher.isEnvelope(key.getInlineBytes().toString(StandardCharsets.UTF_8))) {
            opened = DataSource.newBuilder().setInlineBytes(ByteString.copyFrom(
                    decrypt(secret.getName(), key.getInlineBytes().toString(StandardCharsets.UTF_8)))).build();
        } else {
            return secret;
        }
        return secret.toBuilder().setTlsCertificate(secret.getTlsCertificate().toBuilder().setPrivateKey(opened)).build();
    }

    private byte[] decrypt(String sdsName, String envelope) throws InvalidSnapshotException {
        String[] parts = sdsName.split("/", -1);
        if (parts.length != 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
            throw new InvalidSnapshotException("secret",
                    "Secret " + sdsName + " holds a sealed key but is not named <namespace>/<name> of its Kubernetes Secret");
        }
        String resourceKey = ResourceKey.of("v1", "Secret", parts[0], parts[1]).toString();
        try {
            return cipher.decrypt(envelope, SecretCipher.aad(resourceKey, PRIVATE_KEY_ENTRY));
        } catch (SecretCipherException e) {
            throw new InvalidSnapshotException("secret", "Secret " + sdsName + ": " + e.getMessage());
        }
    }
}
