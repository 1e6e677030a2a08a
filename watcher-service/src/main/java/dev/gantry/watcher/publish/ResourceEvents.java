package dev.gantry.watcher.publish;

import java.time.Instant;

import com.google.protobuf.Timestamp;

import dev.gantry.proto.ResourceEvent;
import dev.gantry.watcher.resource.ResourceObject;

/** Builds the Kafka value of an object. Pure. */
final class ResourceEvents {

    private ResourceEvents() {
    }

    static ResourceEvent of(ResourceObject object, long generation, Instant observedAt) {
        return ResourceEvent.newBuilder()
                .setApiVersion(object.apiVersion())
                .setKind(object.kind())
                .setNamespace(object.namespace())
                .setName(object.name())
                .setJson(object.json())
                .setResourceVersion(object.contentDigest())
                .setGeneration(generation)
                .setSource(object.source())
                .setObservedAt(Timestamp.newBuilder()
                        .setSeconds(observedAt.getEpochSecond())
                        .setNanos(observedAt.getNano()))
                .build();
    }
}
