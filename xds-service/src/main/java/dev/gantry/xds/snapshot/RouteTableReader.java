package dev.gantry.xds.snapshot;

import com.google.common.collect.MapMaker;
import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;

/**
 * Reads a stored RouteConfiguration, parsing only the virtual hosts it does not already serve. A route table holds
 * every virtual host of its port (thousands), and one route change rewrites one of them; the protobuf wire format
 * carries each virtual host as one length-delimited field, so the bytes are walked field by field (no parsing), a
 * virtual host stored as exactly the bytes of one in the served table of the same name is that served object, and
 * only the others are parsed. The configuration's other fields are parsed together, in their order, so the result
 * equals what parsing the whole bytes gives (repeated fields keep their order, nothing else depends on position).
 */
final class RouteTableReader {

    /** A wire tag is the field number shifted past the three bits of the wire type. */
    private static final int VIRTUAL_HOSTS_TAG =
            (RouteConfiguration.VIRTUAL_HOSTS_FIELD_NUMBER << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED;

    /** The stored bytes of each served table's virtual hosts, in its order; weak keys compare by identity. */
    private static final ConcurrentMap<RouteConfiguration, List<ByteString>> HOST_FORMS =
            new MapMaker().weakKeys().makeMap();

    /** How many virtual hosts the last {@link #read} of this thread parsed (the rest were reused): for tests. */
    private static final ThreadLocal<Integer> LAST_PARSED = ThreadLocal.withInitial(() -> 0);

    private RouteTableReader() {
    }

    /**
     * @param bytes  a serialized RouteConfiguration
     * @param served the served table of a name, or null: the one whose virtual hosts may be reused
     */
    static RouteConfiguration read(ByteString bytes, Function<String, RouteConfiguration> served)
            throws InvalidProtocolBufferException {
        List<ByteString> hosts = new ArrayList<>();
        List<ByteString> others = new ArrayList<>();
        CodedInputStream in = bytes.newCodedInput();
        in.enableAliasing(true); // a virtual host's bytes are a view of the stored bytes, not a copy
        try {
            while (true) {
                int start = in.getTotalBytesRead();
                int tag = in.readTag();
                if (tag == 0) {
                    break;
                }
                if (tag == VIRTUAL_HOSTS_TAG) {
                    hosts.add(in.readBytes());
                } else {
                    in.skipField(tag);
                    others.add(bytes.substring(start, in.getTotalBytesRead()));
                }
            }
        } catch (InvalidProtocolBufferException e) {
            throw e;
        } catch (IOException e) {
            throw new InvalidProtocolBufferException(e);
        }
        RouteConfiguration head = RouteConfiguration.parseFrom(ByteString.copyFrom(others));
        RouteConfiguration before = served.apply(head.getName());
        List<VirtualHost> parsed = virtualHosts(hosts, before);
        RouteConfiguration table = hosts.isEmpty() ? head : head.toBuilder().addAllVirtualHosts(parsed).build();
        HOST_FORMS.put(table, hosts);
        return table;
    }

    static int lastParsed() {
        return LAST_PARSED.get();
    }

    private static List<VirtualHost> virtualHosts(List<ByteString> hosts, RouteConfiguration before)
            throws InvalidProtocolBufferException {
        List<ByteString> beforeForms = before == null ? null : HOST_FORMS.get(before);
        List<VirtualHost> out = new ArrayList<>(hosts.size());
        Map<ByteString, VirtualHost> byForm = null;
        int parsed = 0;
        for (int i = 0; i < hosts.size(); i++) {
            ByteString host = hosts.get(i);
            VirtualHost reused = null;
            if (beforeForms != null) {
                // Mostly at the same place (an edit moves nothing); a host added or removed shifts the rest.
                if (i < beforeForms.size() && sameBytes(host, beforeForms.get(i))) {
                    reused = before.getVirtualHosts(i);
                } else {
                    if (byForm == null) {
                        byForm = byForm(before, beforeForms);
                    }
                    reused = byForm.get(host);
                }
            }
            if (reused == null) {
                reused = VirtualHost.parseFrom(host);
                parsed++;
            }
            out.add(reused);
        }
        LAST_PARSED.set(parsed);
        return out;
    }

    private static Map<ByteString, VirtualHost> byForm(RouteConfiguration before, List<ByteString> forms) {
        Map<ByteString, VirtualHost> byForm = new HashMap<>(forms.size() * 2);
        for (int i = 0; i < forms.size(); i++) {
            byForm.put(forms.get(i), before.getVirtualHosts(i));
        }
        return byForm;
    }

    /** The JDK's vectorized compare, not {@code ByteString.equals}' byte loop (see FamilyUnpacker). */
    private static boolean sameBytes(ByteString a, ByteString b) {
        return a.size() == b.size() && a.asReadOnlyByteBuffer().equals(b.asReadOnlyByteBuffer());
    }
}
