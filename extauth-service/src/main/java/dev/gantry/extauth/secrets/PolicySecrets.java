package dev.gantry.extauth.secrets;

import dev.gantry.model.common.ResourceRef;
import dev.gantry.proto.SealedSecret;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Secrets shipped with one PolicyConfig (keyed {@code <namespace>/<name>}), found the way AuthCheck names
 * them: by reference (an absent namespace is the AuthConfig's) or by label selector within its namespace.
 */
public final class PolicySecrets {

    private final String namespace;
    private final Map<String, SealedSecret> secrets;
    private final SecretOpener opener;

    public PolicySecrets(String namespace, Map<String, SealedSecret> secrets, SecretOpener opener) {
        this.namespace = namespace;
        this.secrets = Map.copyOf(secrets);
        this.opener = opener;
    }

    public Optional<OpenedSecret> find(ResourceRef ref) {
        String ns = ref.namespace() == null || ref.namespace().isEmpty() ? namespace : ref.namespace();
        SealedSecret sealed = secrets.get(ns + "/" + ref.name());
        return Optional.ofNullable(sealed).map(s -> new OpenedSecret(s, opener));
    }

    /** The Secrets of the AuthConfig's namespace carrying every label of {@code selector}, by name. */
    public List<OpenedSecret> select(Map<String, String> selector) {
        List<OpenedSecret> selected = new ArrayList<>();
        for (SealedSecret sealed : secrets.values()) {
            if (sealed.getNamespace().equals(namespace)
                    && sealed.getLabelsMap().entrySet().containsAll(selector.entrySet())) {
                selected.add(new OpenedSecret(sealed, opener));
            }
        }
        selected.sort(Comparator.comparing(OpenedSecret::name));
        return selected;
    }
}
