package dev.gantry.xds.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.UInt32Value;
import dev.gantry.proto.GatewaySnapshot;
import dev.gantry.xds.TestGateways;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteAction;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.RouteMatch;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A stored route table is read by parsing only the virtual hosts the served table does not hold as the same bytes,
 * and what comes out equals parsing the whole table, whatever changed (hosts edited, added, removed, moved).
 */
class RouteTableReaderTest {

    private static final String GW = "ns/gw";
    private static final String TABLE = TestGateways.routeConfig(GW);

    @Test
    void readsEqualToAWholeParseOverRandomEditsParsingOnlyTheChangedHosts() throws Exception {
        Random random = new Random(7);
        List<VirtualHost> hosts = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            hosts.add(host(i, "/"));
        }
        long version = 1;
        GatewayResources served = parse(version, hosts, null);
        assertThat(RouteTableReader.lastParsed()).isEqualTo(200);
        int next = 200;
        for (int step = 0; step < 60; step++) {
            int changed;
            switch (step % 4) {
                case 0 -> { // one route edited in place: the benchmark's case
                    int at = random.nextInt(hosts.size());
                    hosts.set(at, host(at * 1000 + step, "/edit-" + step));
                    changed = 1;
                }
                case 1 -> { // one added somewhere: the rest shift
                    hosts.add(random.nextInt(hosts.size() + 1), host(next++, "/"));
                    changed = 1;
                }
                case 2 -> { // one removed
                    hosts.remove(random.nextInt(hosts.size()));
                    changed = 0;
                }
                default -> { // two swapped and one edited
                    int a = random.nextInt(hosts.size());
                    int b = random.nextInt(hosts.size());
                    VirtualHost swap = hosts.get(a);
                    hosts.set(a, hosts.get(b));
                    hosts.set(b, swap);
                    int at = random.nextInt(hosts.size());
                    hosts.set(at, host(next++, "/swapped-" + step));
                    changed = -3; // the new one, and each moved host if it is not looked up by content
                }
            }
            GatewaySnapshot snapshot = snapshot(++version, hosts);
            GatewayResources read = GatewaySnapshotParser.parse(GW, version, snapshot.toByteArray(), served);
            RouteConfiguration whole = RouteConfiguration.parseFrom(snapshot.getRouteConfigurations(0).getValue());

            assertThat(read.routes()).singleElement().isEqualTo(whole);
            if (changed >= 0) {
                assertThat(RouteTableReader.lastParsed()).as("step %d", step).isEqualTo(changed);
            } else {
                assertThat(RouteTableReader.lastParsed()).as("step %d", step).isBetween(1, -changed);
            }
            // an unchanged host is the very object served before (a moved one may have been parsed again)
            RouteConfiguration before = served.routes().get(0);
            for (VirtualHost host : read.routes().get(0).getVirtualHostsList()) {
                int at = before.getVirtualHostsList().indexOf(host);
                if (at >= 0 && changed >= 0) {
                    assertThat(host).isSameAs(before.getVirtualHosts(at));
                }
            }
            served = read;
        }
    }

    @Test
    void otherFieldsAroundAndBetweenTheHostsParseAsInAWholeParse() throws Exception {
        RouteConfiguration table = RouteConfiguration.newBuilder().setName(TABLE)
                .addVirtualHosts(host(1, "/")).addVirtualHosts(host(2, "/"))
                .setMaxDirectResponseBodySizeBytes(UInt32Value.of(4096))
                .addResponseHeadersToRemove("x-internal")
                .build();
        // the translator stores the table's other fields first, then each host; here they are interleaved too
        ByteString interleaved = field(table.toBuilder().clearVirtualHosts().clearResponseHeadersToRemove().build())
                .concat(field(RouteConfiguration.newBuilder().addVirtualHosts(host(1, "/")).build()))
                .concat(field(RouteConfiguration.newBuilder().addResponseHeadersToRemove("x-internal").build()))
                .concat(field(RouteConfiguration.newBuilder().addVirtualHosts(host(2, "/")).build()));

        RouteConfiguration read = RouteTableReader.read(interleaved, name -> null);

        assertThat(read).isEqualTo(RouteConfiguration.parseFrom(interleaved)).isEqualTo(table);
        assertThat(RouteTableReader.lastParsed()).isEqualTo(2);
    }

    @Test
    void anUnreadableHostRefusesTheSnapshotAndKeepsNothingOfIt() throws Exception {
        List<VirtualHost> hosts = List.of(host(1, "/"), host(2, "/"));
        GatewayResources served = parse(1, hosts, null);
        RouteConfiguration good = RouteConfiguration.newBuilder().setName(TABLE).addAllVirtualHosts(hosts).build();
        // a virtual_hosts field whose length runs past the end of the data
        ByteString broken = good.toByteString().concat(ByteString.copyFrom(new byte[] {0x12, 0x7f, 0x0a}));
        GatewaySnapshot snapshot = snapshot(2, hosts).toBuilder()
                .setRouteConfigurations(0, Any.newBuilder().setTypeUrl(typeUrl()).setValue(broken))
                .build();

        assertThatThrownBy(() -> GatewaySnapshotParser.parse(GW, 2, snapshot.toByteArray(), served))
                .isInstanceOf(InvalidSnapshotException.class)
                .hasMessageContaining("unreadable RouteConfiguration");
    }

    private static GatewayResources parse(long version, List<VirtualHost> hosts, GatewayResources served)
            throws Exception {
        return GatewaySnapshotParser.parse(GW, version, snapshot(version, hosts).toByteArray(), served);
    }

    private static GatewaySnapshot snapshot(long version, List<VirtualHost> hosts) {
        RouteConfiguration table = RouteConfiguration.newBuilder().setName(TABLE).addAllVirtualHosts(hosts).build();
        return TestGateways.gateway(GW, version, "a.example.com", 9001)
                .setRouteConfigurations(0, Any.pack(table))
                .build();
    }

    private static ByteString field(RouteConfiguration partial) {
        return partial.toByteString();
    }

    private static String typeUrl() {
        return "type.googleapis.com/" + RouteConfiguration.getDescriptor().getFullName();
    }

    private static VirtualHost host(int index, String prefix) {
        return VirtualHost.newBuilder().setName("8080~h" + index + ".example.com").addDomains("h" + index + ".example.com")
                .addRoutes(Route.newBuilder().setMatch(RouteMatch.newBuilder().setPrefix(prefix))
                        .setRoute(RouteAction.newBuilder().setCluster(TestGateways.cluster(GW))))
                .build();
    }
}
