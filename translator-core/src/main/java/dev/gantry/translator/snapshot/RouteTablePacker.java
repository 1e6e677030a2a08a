package dev.gantry.translator.snapshot;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.UnsafeByteOperations;
import dev.gantry.translator.reuse.KeptByIdentity;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Packs one Gateway's RouteConfigurations without serializing their unchanged virtual hosts again. In the
 * protobuf wire format a message is the concatenation of its fields and a repeated field may come in any
 * position, so the configuration's other fields followed by each virtual host's own encoded field parse as
 * the very same message. Each virtual host (the same object while unchanged) is encoded once and its bytes
 * kept. Not thread-safe.
 */
final class RouteTablePacker {

    private static final String TYPE_URL = "type.googleapis.com/" + RouteConfiguration.getDescriptor().getFullName();

    private final KeptByIdentity<RouteConfiguration, Any> tables = new KeptByIdentity<>(this::pack);
    /** Per route table name, its virtual hosts' encoded fields. */
    private final Map<String, KeptByIdentity<VirtualHost, ByteString>> hosts = new HashMap<>();

    List<Any> packed(List<RouteConfiguration> configurations) {
        return tables.apply(configurations);
    }

    private Any pack(RouteConfiguration configuration) {
        List<ByteString> parts = new ArrayList<>(configuration.getVirtualHostsCount() + 1);
        parts.add(configuration.toBuilder().clearVirtualHosts().build().toByteString());
        parts.addAll(hosts.computeIfAbsent(configuration.getName(),
                ignored -> new KeptByIdentity<>(RouteTablePacker::encodedField)).apply(configuration.getVirtualHostsList()));
        // a rope: joins the kept bytes without copying them
        return Any.newBuilder().setTypeUrl(TYPE_URL).setValue(ByteString.copyFrom(parts)).build();
    }

    /** The virtual host as one element of {@code RouteConfiguration.virtual_hosts}: tag, length, message. */
    private static ByteString encodedField(VirtualHost host) {
        byte[] bytes = new byte[CodedOutputStream.computeMessageSize(RouteConfiguration.VIRTUAL_HOSTS_FIELD_NUMBER, host)];
        CodedOutputStream output = CodedOutputStream.newInstance(bytes);
        try {
            output.writeMessage(RouteConfiguration.VIRTUAL_HOSTS_FIELD_NUMBER, host);
        } catch (IOException e) {
            throw new IllegalStateException("writing to an array cannot fail", e);
        }
        output.checkNoSpaceLeft();
        return UnsafeByteOperations.unsafeWrap(bytes); // never written again
    }
}
