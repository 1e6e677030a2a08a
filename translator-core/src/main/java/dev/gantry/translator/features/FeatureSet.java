package dev.gantry.translator.features;

import com.google.protobuf.Any;
import dev.gantry.translator.model.ir.BackendIr;
import dev.gantry.translator.model.ir.GatewayIr;
import dev.gantry.translator.model.ir.ListenerIr;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.envoyproxy.envoy.extensions.filters.http.router.v3.Router;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The features the translator runs, in order, and the one place their hooks are called from. The order is the
 * order of every hook; for routes it matters: a feature that decides the route's action (a redirect) comes
 * before those that change the action (rewrites, mirrors, timeouts).
 *
 * <p>Immutable and thread-safe; the built-in set is shared.
 */
public final class FeatureSet {

    /** The router: always the last HTTP filter (Envoy needs it; grpc-xds NACKs a connection manager without it). */
    public static final String ROUTER = "envoy.filters.http.router";

    private static final HttpFilter ROUTER_FILTER = HttpFilter.newBuilder()
            .setName(ROUTER)
            .setTypedConfig(Any.pack(Router.getDefaultInstance()))
            .build();

    private static final FeatureSet BUILT_INS = new FeatureSet(builtInFeatures(PolicyServices.DEFAULTS));

    private static List<Feature> builtInFeatures(PolicyServices services) {
        return List.of(
            new RequestRedirectFeature(),
            // a RouteOption's direct response also decides the action: read and applied before forwarding's features
            new DirectResponseFeature(),
            HeaderModifierFeature.REQUEST,
            HeaderModifierFeature.RESPONSE,
            new UrlRewriteFeature(),
            new RequestMirrorFeature(),
            new CorsFeature(),
            new TimeoutsAndRetriesFeature(),
            // RouteOption fields the Gateway API has no words for; after the built-ins whose route fields they
            // refine or must not clash with (RetryOnFeature edits the retry policy TimeoutsAndRetriesFeature built)
            new RetryOnFeature(),
            new IdleTimeoutFeature(),
            new RegexRewriteFeature(),
            new AutoHostRewriteFeature(),
            new FaultInjectionFeature(),
            new CsrfFeature(),
            new LocalRateLimitFeature(),
            new BufferFeature(),
            new WebSocketUpgradeFeature(),
            new TransformationFeature(),
            new EnvoyMetadataFeature(),
            // global rate limiting and external auth with Gantry's services (RateLimitConfig, AuthConfig)
            new RateLimitFeature(services.rateLimit(), services.tls()),
            new ExtAuthFeature(services.extAuth(), services.tls()),
            // the policies of a listener's virtual hosts, built by the route features above
            new VirtualHostOptionFeature(),
            // listener policies (HttpListenerOption, ListenerOption): connection managers and socket listeners
            new ConnectionManagerSettingsFeature(),
            new AccessLogFeature(),
            new HealthCheckFeature(),
            new CompressionFeature(),
            new GrpcWebFeature(),
            new ListenerSocketFeature(),
            new ProxyProtocolFeature(),
            // the cluster of a backendRef of kind Upstream
            new UpstreamFeature());
    }

    private final List<Feature> features;
    private final RuleReader reader;

    private FeatureSet(List<Feature> features) {
        this.features = List.copyOf(features);
        this.reader = new RuleReader(this.features);
    }

    /**
     * The translator's features, used by both stages: the Gateway API's filters, timeouts, retries and CORS. A
     * new feature is one class and one line in this list (at the place its route hook must run).
     */
    public static FeatureSet builtIns() {
        return BUILT_INS;
    }

    /**
     * The built-in features, their filters calling ratelimit-service and extauth-service where {@code services} says
     * (stage one reads rules the same way whatever the services).
     */
    public static FeatureSet builtIns(PolicyServices services) {
        return services.equals(PolicyServices.DEFAULTS) ? BUILT_INS : new FeatureSet(builtInFeatures(services));
    }

    /** Exactly {@code features}, in this order (for tests of stage two with features of their own). */
    public static FeatureSet of(List<Feature> features) {
        return new FeatureSet(features);
    }

    public List<Feature> features() {
        return features;
    }

    /** Stage one's reader of rules. */
    public RuleReader reader() {
        return reader;
    }

    public void applyToRoute(RouteContext context, Route.Builder route) {
        for (Feature feature : features) {
            feature.applyToRoute(context, route);
        }
    }

    public void applyToVirtualHost(VirtualHostContext context, VirtualHost.Builder virtualHost) {
        for (Feature feature : features) {
            feature.applyToVirtualHost(context, virtualHost);
        }
    }

    /**
     * The HTTP filters of the connection manager serving {@code listeners}: every feature's, in
     * {@link HttpFilterOrder} (features with the same slot in the order of this set), then the router.
     *
     * @throws IllegalStateException when two features contribute filters of the same name
     */
    public List<HttpFilter> httpFilters(List<ListenerIr> listeners) {
        List<OrderedHttpFilter> contributed = new ArrayList<>();
        for (Feature feature : features) {
            contributed.addAll(feature.httpFilters(listeners));
        }
        contributed.sort(Comparator.comparing(OrderedHttpFilter::slot)); // stable: same slot keeps set order
        List<HttpFilter> chain = new ArrayList<>(contributed.size() + 1);
        Set<String> names = new HashSet<>();
        for (OrderedHttpFilter filter : contributed) {
            if (!names.add(filter.filter().getName())) {
                throw new IllegalStateException("HTTP filter " + filter.filter().getName() + " contributed twice");
            }
            chain.add(filter.filter());
        }
        chain.add(ROUTER_FILTER);
        return chain;
    }

    public void applyToConnectionManager(List<ListenerIr> listeners, HttpConnectionManager.Builder connectionManager) {
        for (Feature feature : features) {
            feature.applyToConnectionManager(listeners, connectionManager);
        }
    }

    public void applyToListener(int port, List<ListenerIr> listeners, Listener.Builder listener) {
        for (Feature feature : features) {
            feature.applyToListener(port, listeners, listener);
        }
    }

    public void applyToCluster(BackendIr backend, Cluster.Builder cluster) {
        for (Feature feature : features) {
            feature.applyToCluster(backend, cluster);
        }
    }

    /** What every feature adds to the Gateway's snapshot, in the order of this set. */
    public ExtraResources extraResources(GatewayIr gateway) {
        List<Cluster> clusters = new ArrayList<>();
        List<ClusterLoadAssignment> assignments = new ArrayList<>();
        for (Feature feature : features) {
            ExtraResources extra = feature.extraResources(gateway);
            clusters.addAll(extra.clusters());
            assignments.addAll(extra.clusterLoadAssignments());
        }
        return clusters.isEmpty() && assignments.isEmpty() ? ExtraResources.NONE : new ExtraResources(clusters, assignments);
    }
}
