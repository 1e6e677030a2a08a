package dev.gantry.translator.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.proto.ResourceEvent;
import dev.gantry.proto.ResourceKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.Yaml;

/** Builds {@code gantry.resources} records from YAML manifests, the way the watcher publishes them. */
public final class TestResources {

    private static final ObjectMapper JSON = new ObjectMapper();

    private TestResources() {
    }

    /** A record: the key and the event of one manifest. */
    public record Record(ResourceKey key, ResourceEvent event) {
    }

    /** Every document of a multi-document YAML string, as records. */
    public static List<Record> records(String yaml) {
        List<Record> records = new ArrayList<>();
        for (Object document : new Yaml().loadAll(yaml)) {
            if (document != null) {
                records.add(record(document));
            }
        }
        return records;
    }

    @SuppressWarnings("unchecked")
    private static Record record(Object document) {
        Map<String, Object> object = (Map<String, Object>) document;
        Map<String, Object> metadata = (Map<String, Object>) object.get("metadata");
        String namespace = (String) metadata.get("namespace");
        String name = (String) metadata.get("name");
        String apiVersion = (String) object.get("apiVersion");
        String kind = (String) object.get("kind");
        try {
            ResourceEvent event = ResourceEvent.newBuilder()
                    .setApiVersion(apiVersion).setKind(kind)
                    .setNamespace(namespace == null ? "" : namespace).setName(name)
                    .setJson(JSON.writeValueAsString(object))
                    .setSource("test")
                    .build();
            return new Record(ResourceKey.of(event), event);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** A fresh index holding the given manifests. */
    public static ResourceIndex index(String... yamls) {
        ResourceIndex index = new ResourceIndex();
        for (String yaml : yamls) {
            records(yaml).forEach(record -> index.apply(record.key(), record.event()));
        }
        return index;
    }

    public static Record single(String yaml) {
        List<Record> records = records(yaml);
        if (records.size() != 1) {
            throw new IllegalArgumentException("expected one document, got " + records.size());
        }
        return records.get(0);
    }
}
