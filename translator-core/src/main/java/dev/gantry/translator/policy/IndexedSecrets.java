package dev.gantry.translator.policy;

import dev.gantry.translator.model.ResourceIndex;
import io.fabric8.kubernetes.api.model.Secret;
import java.util.List;
import java.util.Map;

/** The index's Secrets as a policy check sees them (recorded reads, like every read of the index). */
public record IndexedSecrets(ResourceIndex index) implements SecretsView {

    @Override
    public boolean exists(String namespace, String name) {
        return index.secret(namespace, name).isPresent();
    }

    @Override
    public List<String> selected(String namespace, Map<String, String> labels) {
        return index.secrets(namespace).stream()
                .filter(secret -> carries(secret, labels))
                .map(secret -> namespace + "/" + secret.getMetadata().getName())
                .toList();
    }

    private static boolean carries(Secret secret, Map<String, String> labels) {
        Map<String, String> own = secret.getMetadata().getLabels();
        return own != null && own.entrySet().containsAll(labels.entrySet());
    }
}
