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

    /**
     * The virtual hosts of the stored fields, taken from {@code before} where stored alike. Hosts are matched in
     * order: an edited host misses its place and is parsed, a removed one is stepped over, and only a run of misses
     * (hosts added or moved) looks the rest up by content, which hashes every host of the served table.
     */
    private static List<VirtualHost> virtualHosts(List<ByteString> hosts, RouteConfiguration before)
            throws InvalidProtocolBufferException {
        List<ByteString> beforeForms = before == null ? List.of() : HOST_FORMS.getOrDefault(before, List.of());
        List<VirtualHost> out = new ArrayList<>(hosts.size());
        Map<ByteString, Integer> byForm = null;
        int shift = 0; // hosts[i] is expected where beforeForms[i + shift] is
        int misses = 0;
        int parsed = 0;
        for (int i = 0; i < hosts.size(); i++) {
            ByteString host = hosts.get(i);
            int at = -1;
            int expected = i + shift;
            if (matches(beforeForms, expected, host)) {
                at = expected;
            } else if (matches(beforeForms, expected + 1, host)) {
                at = expected + 1; // the host before it was removed
            } else if (++misses > 1 && !beforeForms.isEmpty()) {
                if (byForm == null) {
                    byForm = byForm(beforeForms);
                }
                at = byForm.getOrDefault(host, -1);
            }
            if (at >= 0) {
                shift = at - i;
                misses = 0;
                out.add(before.getVirtualHosts(at));
            } else {
                out.add(VirtualHost.parseFrom(host));
                parsed++;
            }
        }
        LAST_PARSED.set(parsed);
        return out;
    }

    private static boolean matches(List<ByteString> forms, int at, ByteString host) {
        return at >= 0 && at < forms.size() && sameBytes(host, forms.get(at));
    }

    private static Map<ByteString, Integer> byForm(List<ByteString> forms) {
        Map<ByteString, Integer> byForm = new HashMap<>(forms.size() * 2);
        for (int i = 0; i < forms.size(); i++) {
            byForm.putIfAbsent(forms.get(i), i);
        }
        return byForm;
    }

    /** The JDK's vectorized compare, not {@code ByteString.equals}' byte loop (see FamilyUnpacker). */
    private static boolean sameBytes(ByteString a, ByteString b) {
        return a.size() == b.size() && a.asReadOnlyByteBuffer().equals(b.asReadOnlyByteBuffer());
    }
}
