package dev.gantry.translator.app;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.UnsafeByteOperations;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Packs RouteConfigurations without serializing their unchanged virtual hosts again. In the protobuf wire
 * format a message is the concatenation of its fields and a repeated field may come in any position, so
 * the configuration's other fields followed by each virtual host's own encoded field parse as the very same
 * message. Each virtual host (the same object while unchanged) is encoded once and its bytes kept.
 */
final class RouteTablePacker {

    private static final String TYPE_URL = "type.googleapis.com/" + RouteConfiguration.getDescriptor().getFullName();

    private Map<VirtualHost, ByteString> before = new IdentityHashMap<>();

    List<Any> packed(List<RouteConfiguration> configurations) {
        Map<VirtualHost, ByteString> now = new IdentityHashMap<>();
        List<Any> packed = new ArrayList<>(configurations.size());
        for (RouteConfiguration configuration : configurations) {
            List<ByteString> parts = new ArrayList<>(configuration.getVirtualHostsCount() + 1);
            parts.add(configuration.toBuilder().clearVirtualHosts().build().toByteString());
            for (VirtualHost host : configuration.getVirtualHostsList()) {
                ByteString field = before.get(host);
                if (field == null) {
                    field = encodedField(host);
                }
                now.put(host, field);
                parts.add(field);
            }
            packed.add(Any.newBuilder().setTypeUrl(TYPE_URL).setValue(ByteString.copyFrom(parts)).build());
        }
        before = now;
        return packed;
    }

    /** The virtual host as one element of {@code RouteConfiguration.virtual_hosts}: tag, length, message. */
    private static ByteString encodedField(VirtualHost host) {
        int size = CodedOutputStream.computeMessageSize(RouteConfiguration.VIRTUAL_HOSTS_FIELD_NUMBER, host);
        byte[] bytes = new byte[size];
        CodedOutputStream output = CodedOutputStream.newInstance(bytes);
        try {
            output.writeMessage(RouteConfiguration.VIRTUAL_HOSTS_FIELD_NUMBER, host);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("writing to an array cannot fail", e);
        }
        output.checkNoSpaceLeft();
        return UnsafeByteOperations.unsafeWrap(bytes); // never written again
    }
}
