package dev.gantry.translator.features;

import com.google.protobuf.Any;
import dev.gantry.model.common.ResourceRef;
import dev.gantry.model.options.RateLimitConfigRefs;
import dev.gantry.model.options.RouteOptions;
import dev.gantry.model.ratelimit.RateLimitConfigSpec;
import dev.gantry.translator.model.ir.GatewayIr;
import dev.gantry.translator.model.ir.ListenerIr;
import dev.gantry.translator.model.ir.policy.RateLimitsIr;
import dev.gantry.translator.model.ir.policy.VirtualHostPolicy;
import io.envoyproxy.envoy.config.core.v3.ApiVersion;
import io.envoyproxy.envoy.config.core.v3.GrpcService;
import io.envoyproxy.envoy.config.ratelimit.v3.RateLimitServiceConfig;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.envoyproxy.envoy.extensions.filters.http.ratelimit.v3.RateLimit;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;
import java.util.ArrayList;
import java.util.List;

/**
 * Global rate limiting with ratelimit-service: the RateLimitConfigs a RouteOption or VirtualHostOption references
 * ({@code rateLimitConfigs.refs}: the regular stage, Envoy stage 0, a filter after ext_authz;
 * {@code rateLimitEarlyConfigs.refs}: the early stage, stage 1, a filter before ext_authz) become the
 * {@code rate_limits} of the route or the virtual host ({@link EnvoyRateLimits}).
 *
 * <p>A route inherits its virtual host's configs unless it sets its own (Gloo's rule, which is also Envoy's: a
 * route with {@code rate_limits} of its own does not apply the virtual host's, whatever their stage). A reference to
 * a RateLimitConfig that does not exist or was rejected makes the rule unusable (500, the route says why): a limit
 * that silently does not apply is worse. Only a forwarding route has {@code rate_limits} (they are a field of
 * Envoy's RouteAction): a redirect is not limited, and the route says so.
 *
 * <p>The filters ({@code domain: gantry}, the service's timeout and failure mode, {@code X-RateLimit-*} headers,
 * RESOURCE_EXHAUSTED for gRPC) go only into the connection managers whose routes or virtual hosts use that stage,
 * and the cluster {@value #CLUSTER} only into those Gateways' snapshots. Optional, so that grpc-xds (which has no
 * rate-limit filter) takes the listener: proxyless clients are not rate limited.
 */
final class RateLimitFeature implements Feature {

    static final String HTTP_FILTER = "envoy.filters.http.ratelimit";
    static final String EARLY_HTTP_FILTER = "envoy.filters.http.ratelimit.early";
    static final String CLUSTER = "gantry~ratelimit";
    static final String DOMAIN = "gantry";

    private final PolicyServices.RateLimitService service;
    /** null: Envoy dials the service in plaintext */
    private final PolicyServicesTls tls;
    private final OrderedHttpFilter regular;
    private final OrderedHttpFilter early;

    RateLimitFeature(PolicyServices.RateLimitService service, PolicyServicesTls tls) {
        this.service = service;
        this.tls = tls;
        this.regular = new OrderedHttpFilter(HttpFilterOrder.RATE_LIMIT, filter(HTTP_FILTER, RateLimitsIr.REGULAR));
        this.early = new OrderedHttpFilter(HttpFilterOrder.EARLY_RATE_LIMIT, filter(EARLY_HTTP_FILTER, RateLimitsIr.EARLY));
    }

    @Override
    public String name() {
        return "rateLimitConfigs";
    }

    @Override
    public void readRule(HTTPRouteRule rule, RuleReading reading) {
        RouteOptions options = RouteOptionFields.of(rule);
        if (options == null || (options.rateLimitConfigs() == null && options.rateLimitEarlyConfigs() == null)) {
            return;
        }
        List<RateLimitsIr.Config> configs = new ArrayList<>();
        if (!read("rateLimitConfigs", options.rateLimitConfigs(), RateLimitsIr.REGULAR, reading, configs)
                || !read("rateLimitEarlyConfigs", options.rateLimitEarlyConfigs(), RateLimitsIr.EARLY, reading, configs)) {
            return;
        }
        if (configs.isEmpty()) {
            return;
        }
        if (!reading.forwards()) {
            reading.problems().degraded("rateLimitConfigs: not applied to a rule that does not forward");
            return;
        }
        reading.attach(new RateLimitsIr(configs));
    }

    private static boolean read(String field, RateLimitConfigRefs refs, int stage, RuleReading reading,
            List<RateLimitsIr.Config> out) {
        List<ResourceRef> list = refs == null || refs.refs() == null ? List.of() : refs.refs();
        for (int i = 0; i < list.size(); i++) {
            ResourceRef ref = list.get(i);
            String where = field + ".refs[" + i + "]";
            if (ref == null || ref.name() == null || ref.name().isBlank()) {
                reading.problems().invalid(where + ".name: missing");
                return false;
            }
            PolicyLookup.Found<RateLimitConfigSpec> found = reading.policyLookup().rateLimitConfig(ref);
            if (found.problem() != null) {
                reading.problems().invalid(where + ": " + found.problem());
                return false;
            }
            List<RateLimitConfigSpec.RateLimitActions> actions = found.spec().raw().rateLimits() == null ? List.of()
                    : found.spec().raw().rateLimits().stream().filter(java.util.Objects::nonNull).toList();
            out.add(new RateLimitsIr.Config(found.id(), stage, actions));
        }
        return true;
    }

    @Override
    public void applyToRoute(RouteContext context, Route.Builder route) {
        context.policies().attached().get(RateLimitsIr.class).ifPresent(limits -> {
            if (route.hasRoute()) {
                route.getRouteBuilder().addAllRateLimits(EnvoyRateLimits.of(limits.configs()));
            }
        });
    }

    @Override
    public void applyToVirtualHost(VirtualHostContext context, VirtualHost.Builder virtualHost) {
        context.policies().get(VirtualHostPolicy.class)
                .flatMap(policy -> policy.policies().attached().get(RateLimitsIr.class))
                .ifPresent(limits -> virtualHost.addAllRateLimits(EnvoyRateLimits.of(limits.configs())));
    }

    @Override
    public List<OrderedHttpFilter> httpFilters(List<ListenerIr> listeners) {
        boolean usesRegular = PolicyUse.any(listeners, RateLimitsIr.class, limits -> limits.uses(RateLimitsIr.REGULAR));
        boolean usesEarly = PolicyUse.any(listeners, RateLimitsIr.class, limits -> limits.uses(RateLimitsIr.EARLY));
        if (usesRegular && usesEarly) {
            return List.of(early, regular);
        }
        return usesRegular ? List.of(regular) : usesEarly ? List.of(early) : List.of();
    }

    @Override
    public ExtraResources extraResources(GatewayIr gateway) {
        if (!PolicyUse.any(gateway.listeners(), RateLimitsIr.class, limits -> true)) {
            return ExtraResources.NONE;
        }
        return new ExtraResources(List.of(ServiceClusters.grpc(CLUSTER, service.host(), service.port(), tls)), List.of());
    }

    private HttpFilter filter(String name, int stage) {
        RateLimit config = RateLimit.newBuilder()
                .setDomain(DOMAIN)
                .setStage(stage)
                .setTimeout(OptionDurations.proto(service.timeout()))
                .setFailureModeDeny(service.failureModeDeny())
                .setEnableXRatelimitHeaders(RateLimit.XRateLimitHeadersRFCVersion.DRAFT_VERSION_03)
                .setRateLimitedAsResourceExhausted(true)
                .setRateLimitService(RateLimitServiceConfig.newBuilder()
                        .setGrpcService(GrpcService.newBuilder().setEnvoyGrpc(GrpcService.EnvoyGrpc.newBuilder()
                                .setClusterName(CLUSTER)))
                        .setTransportApiVersion(ApiVersion.V3))
                .build();
        return HttpFilter.newBuilder().setName(name).setTypedConfig(Any.pack(config)).setIsOptional(true).build();
    }
}
