package dev.gantry.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.proto.ResourceEvent;
import dev.gantry.proto.ResourceKey;
import dev.gantry.translator.model.KubernetesGroups;
import dev.gantry.translator.model.ResourceIndex;
import java.util.Set;
import org.slf4j.LoggerFactory;

/**
 * Feeds manifests to a {@link ResourceIndex} as the watcher would publish them, without Kafka: one
 * {@link ResourceEvent} per object, keyed by its {@link ResourceKey}. What the index refuses (its WARN
 * log: JSON that does not parse as the kind) is an input problem naming the object.
 */
final class IndexLoader {

    /** Kinds without a namespace; every other kind defaults to "default", as kubectl does. */
    private static final Set<String> CLUSTER_SCOPED = Set.of("GatewayClass", "Namespace", "CustomResourceDefinition",
            "ClusterRole", "ClusterRoleBinding", "PersistentVolume", "StorageClass", "PriorityClass", "Node",
            "ValidatingWebhookConfiguration", "MutatingWebhookConfiguration");

    /** API groups the translator reads; others (apps/Deployment...) are skipped without a word, like a watcher filter. */
    private static final Set<String> TRANSLATED_GROUPS = Set.of(KubernetesGroups.CORE, KubernetesGroups.GATEWAY_API,
            KubernetesGroups.DISCOVERY, KubernetesGroups.GANTRY);

    private final ObjectMapper json = new ObjectMapper();

    static ResourceKey keyOf(Manifest manifest) {
        String namespace = CLUSTER_SCOPED.contains(manifest.kind()) ? ""
                : manifest.namespace() == null ? "default" : manifest.namespace();
        return ResourceKey.of(manifest.apiVersion(), manifest.kind(), namespace, manifest.name());
    }

    ResourceEvent eventOf(Manifest manifest, ResourceKey key) throws InputProblem {
        try {
            return ResourceEvent.newBuilder()
                    .setApiVersion(manifest.apiVersion())
                    .setKind(manifest.kind())
                    .setNamespace(key.namespace())
                    .setName(key.name())
                    .setJson(json.writeValueAsString(manifest.object()))
                    .setGeneration(manifest.generation())
                    .setSource("file:" + manifest.source())
                    .build();
        } catch (JsonProcessingException e) {
            throw new InputProblem(manifest.source(), manifest.describe(), "cannot be written as JSON: " + e.getMessage());
        }
    }

    /** Applies every manifest; throws on the first one the index refuses. */
    void load(Iterable<Manifest> manifests, ResourceIndex index) throws InputProblem {
        Logger indexLog = (Logger) LoggerFactory.getLogger(ResourceIndex.class);
        ListAppender<ILoggingEvent> warnings = new ListAppender<>();
        warnings.start();
        indexLog.addAppender(warnings);
        boolean additive = indexLog.isAdditive();
        indexLog.setAdditive(false); // the problem is reported once, by us, as an error
        try {
            for (Manifest manifest : manifests) {
                ResourceKey key = keyOf(manifest);
                if (!TRANSLATED_GROUPS.contains(key.group())) {
                    continue;
                }
                warnings.list.clear();
                index.apply(key, eventOf(manifest, key));
                var refused = warnings.list.stream().filter(event -> event.getLevel().isGreaterOrEqual(Level.WARN)).findFirst();
                if (refused.isPresent()) {
                    String object = manifest.kind() + " " + (key.namespace().isEmpty() ? "" : key.namespace() + "/")
                            + key.name() + " (document " + manifest.document() + ")";
                    // The index names the key itself; the object is already named.
                    String problem = refused.get().getFormattedMessage().replaceFirst("^Ignoring " + java.util.regex.Pattern.quote(key.toString()) + ": ", "");
                    throw new InputProblem(manifest.source(), object, problem);
                }
            }
        } finally {
            indexLog.detachAppender(warnings);
            indexLog.setAdditive(additive);
        }
    }
}
