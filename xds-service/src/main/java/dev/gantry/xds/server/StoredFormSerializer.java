package dev.gantry.xds.server;

import com.google.protobuf.Any;
import com.google.protobuf.Message;
import dev.gantry.xds.snapshot.StoredForms;
import io.envoyproxy.controlplane.cache.Resources;
import io.envoyproxy.controlplane.server.serializer.ProtoResourcesSerializer;

/**
 * Packs resources for xDS responses from the bytes they were stored as ({@link StoredForms}), which are exactly
 * what serializing them again would give: the translator wrote them with the same type URL prefix.
 */
public class StoredFormSerializer implements ProtoResourcesSerializer {

    @Override
    public Any serialize(Message resource, Resources.ApiVersion apiVersion) {
        Any stored = StoredForms.of(resource);
        return stored != null ? stored : Any.pack(resource);
    }
}
