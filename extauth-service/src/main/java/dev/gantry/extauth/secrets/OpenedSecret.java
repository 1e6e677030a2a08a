package dev.gantry.extauth.secrets;

import dev.gantry.extauth.evaluator.InvalidAuthConfigException;
import dev.gantry.proto.SealedSecret;
import dev.gantry.proto.secrets.SecretCipherException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** One Secret an AuthConfig references; entries are opened when asked for, and nothing opened is kept here. */
public final class OpenedSecret {

    private final SealedSecret sealed;
    private final SecretOpener opener;

    OpenedSecret(SealedSecret sealed, SecretOpener opener) {
        this.sealed = sealed;
        this.opener = opener;
    }

    public String namespace() {
        return sealed.getNamespace();
    }

    public String name() {
        return sealed.getName();
    }

    public Map<String, String> labels() {
        return sealed.getLabelsMap();
    }

    public Set<String> entries() {
        return sealed.getDataMap().keySet();
    }

    /** An entry's bytes, empty when the Secret has no such entry. */
    public Optional<byte[]> bytes(String entry) throws InvalidAuthConfigException {
        String value = sealed.getDataMap().get(entry);
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(opener.open(namespace(), name(), entry, value));
        } catch (SecretCipherException e) {
            throw new InvalidAuthConfigException(e.getMessage());
        }
    }

    /** An entry as UTF-8 text, empty when the Secret has no such entry. */
    public Optional<String> text(String entry) throws InvalidAuthConfigException {
        return bytes(entry).map(b -> new String(b, StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "Secret " + namespace() + "/" + name();
    }
}
