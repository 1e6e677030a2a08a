package dev.gantry.translator.model.ir;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.translator.model.KubernetesGroups;
import dev.gantry.translator.model.ObjectNames;
import dev.gantry.translator.model.ResourceIndex;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.AllowedListeners;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Listener;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ListenerSets (gateway.networking.k8s.io/v1): listeners kept outside a Gateway that join it when the Gateway's
 * {@code spec.allowedListeners} lets them. Read from the index's generic objects; a ListenerEntry has the fields of a
 * Gateway Listener, so its entries are read as fabric8 {@link Listener}s and validated like the Gateway's own.
 */
final class ListenerSets {

    static final String KIND = "ListenerSet";
    private static final Logger log = LoggerFactory.getLogger(ListenerSets.class);
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    /** Listener precedence among ListenerSets: the oldest first, then by namespace and name (Gateway API spec). */
    static final Comparator<Entry> PRECEDENCE = Comparator.comparing(Entry::created).thenComparing(Entry::key);

    /**
     * One ListenerSet as stage one reads it.
     *
     * @param gateway {@code <namespace>/<name>} of the Gateway its parentRef names, or {@code null} when the
     *                parentRef is not a Gateway
     */
    record Entry(GenericKubernetesResource object, String namespace, String name, String gateway,
            List<Listener> listeners, Instant created) {

        String key() {
            return ObjectNames.of(namespace, name);
        }
    }

    private ListenerSets() {
    }

    /** Every ListenerSet of the index that reads, in listener precedence order. */
    static List<Entry> of(ResourceIndex index) {
        List<Entry> entries = new ArrayList<>();
        for (GenericKubernetesResource object : index.listenerSets()) {
            Entry entry = read(object);
            if (entry != null) {
                entries.add(entry);
            }
        }
        entries.sort(PRECEDENCE);
        return entries;
    }

    @SuppressWarnings("unchecked")
    static Entry read(GenericKubernetesResource object) {
        String namespace = object.getMetadata().getNamespace();
        String name = object.getMetadata().getName();
        Object spec = object.getAdditionalProperties().get("spec");
        if (!(spec instanceof Map<?, ?> specMap)) {
            log.debug("ListenerSet {}/{} has no spec; ignored", namespace, name);
            return null;
        }
        String gateway = null;
        if (specMap.get("parentRef") instanceof Map<?, ?> parent) {
            String group = parent.get("group") == null ? KubernetesGroups.GATEWAY_API : String.valueOf(parent.get("group"));
            String kind = parent.get("kind") == null ? IrTranslator.GATEWAY_KIND : String.valueOf(parent.get("kind"));
            Object parentName = parent.get("name");
            String parentNamespace = parent.get("namespace") == null ? namespace : String.valueOf(parent.get("namespace"));
            if (KubernetesGroups.GATEWAY_API.equals(group) && IrTranslator.GATEWAY_KIND.equals(kind) && parentName != null) {
                gateway = ObjectNames.of(parentNamespace, String.valueOf(parentName));
            }
        }
        List<Listener> listeners = new ArrayList<>();
        if (specMap.get("listeners") instanceof List<?> raw) {
            for (Object listener : raw) {
                if (listener instanceof Map<?, ?>) {
                    try {
                        listeners.add(MAPPER.convertValue(listener, Listener.class));
                    } catch (IllegalArgumentException e) {
                        log.warn("ListenerSet {}/{}: a listener does not read: {}", namespace, name, e.getMessage());
                    }
                }
            }
        }
        return new Entry(object, namespace, name, gateway, List.copyOf(listeners), CreationTimes.of(object));
    }

    /**
     * Whether the Gateway's {@code spec.allowedListeners} lets ListenerSets of this namespace attach: {@code None}
     * (the default), {@code Same}, {@code All}, or {@code Selector} on the namespace's labels.
     */
    static boolean allowed(ResourceIndex index, Gateway gateway, String listenerSetNamespace) {
        AllowedListeners allowed = gateway.getSpec() == null ? null : gateway.getSpec().getAllowedListeners();
        String from = allowed == null || allowed.getNamespaces() == null || allowed.getNamespaces().getFrom() == null
                ? "None" : allowed.getNamespaces().getFrom();
        return switch (from) {
            case "All" -> true;
            case "Same" -> Objects.equals(gateway.getMetadata().getNamespace(), listenerSetNamespace);
            case "Selector" -> index.namespace(listenerSetNamespace)
                    .map(Namespace::getMetadata)
                    .map(metadata -> LabelSelectors.matches(allowed.getNamespaces().getSelector(), metadata.getLabels()))
                    .orElse(false);
            default -> false;
        };
    }
}
