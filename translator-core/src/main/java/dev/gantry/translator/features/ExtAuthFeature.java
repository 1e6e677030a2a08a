package dev.gantry.translator.features;

import com.google.protobuf.Any;
import dev.gantry.model.auth.AuthConfigSpec;
import dev.gantry.model.options.ExtAuthExtension;
import dev.gantry.model.options.RouteOptions;
import dev.gantry.translator.model.ir.GatewayIr;
import dev.gantry.translator.model.ir.ListenerIr;
import dev.gantry.translator.model.ir.policy.ExtAuthIr;
import io.envoyproxy.envoy.config.core.v3.ApiVersion;
import io.envoyproxy.envoy.config.core.v3.GrpcService;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.extensions.filters.http.ext_authz.v3.BufferSettings;
import io.envoyproxy.envoy.extensions.filters.http.ext_authz.v3.CheckSettings;
import io.envoyproxy.envoy.extensions.filters.http.ext_authz.v3.ExtAuthz;
import io.envoyproxy.envoy.extensions.filters.http.ext_authz.v3.ExtAuthzPerRoute;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * External auth with extauth-service: a RouteOption's or VirtualHostOption's {@code extauth.configRef} names the
 * AuthConfig that checks every request of the rule or virtual host, passed as
 * {@code ExtAuthzPerRoute.check_settings.context_extensions["config_id"] = "<namespace>.<name>"} (the convention in
 * docs/architecture.md); {@code customAuth.contextExtensions} are passed along; {@code disable: true} exempts a
 * route from its virtual host's check ({@code ExtAuthzPerRoute{disabled: true}}).
 *
 * <p>The {@code envoy.filters.http.ext_authz} filter goes only into the connection managers whose routes or virtual
 * hosts use an AuthConfig, with {@code HttpFilter.disabled: true}: Envoy then checks only the routes and virtual
 * hosts that carry a per-route config (an explicitly configured filter is enabled), so every route without auth on
 * such a listener is not checked, whatever the listener's other routes do. It is not optional: a proxyless gRPC client
 * that cannot run it refuses the listener instead of skipping auth (fail closed). A reference to an AuthConfig that
 * does not exist or was rejected makes the rule unusable (500): a route meant to be protected is never left open.
 */
final class ExtAuthFeature implements Feature {

    static final String HTTP_FILTER = "envoy.filters.http.ext_authz";
    static final String CLUSTER = "gantry~extauth";
    static final String CONFIG_ID = "config_id";

    private final PolicyServices.ExtAuthService service;
    /** null: Envoy dials the service in plaintext */
    private final PolicyServicesTls tls;
    private final List<OrderedHttpFilter> filters;

    ExtAuthFeature(PolicyServices.ExtAuthService service, PolicyServicesTls tls) {
        this.service = service;
        this.tls = tls;
        this.filters = List.of(new OrderedHttpFilter(HttpFilterOrder.EXTERNAL_AUTH, filter()));
    }

    @Override
    public String name() {
        return "extauth";
    }

    @Override
    public void readRule(HTTPRouteRule rule, RuleReading reading) {
        RouteOptions options = RouteOptionFields.of(rule);
        ExtAuthExtension extauth = options == null ? null : options.extauth();
        if (extauth == null) {
            return;
        }
        boolean disable = Boolean.TRUE.equals(extauth.disable());
        if (disable && extauth.configRef() != null) {
            reading.problems().invalid("extauth: disable and configRef exclude each other");
            return;
        }
        if (disable) {
            reading.attach(ExtAuthIr.DISABLED);
            return;
        }
        if (extauth.configRef() == null) {
            reading.problems().invalid("extauth: one of configRef and disable: true"
                    + (extauth.customAuth() != null ? " (customAuth only adds context to a configRef's check)" : ""));
            return;
        }
        if (extauth.configRef().name() == null || extauth.configRef().name().isBlank()) {
            reading.problems().invalid("extauth.configRef.name: missing");
            return;
        }
        PolicyLookup.Found<AuthConfigSpec> found = reading.policyLookup().authConfig(extauth.configRef());
        if (found.problem() != null) {
            reading.problems().invalid("extauth.configRef: " + found.problem());
            return;
        }
        Map<String, String> context = new LinkedHashMap<>();
        if (extauth.customAuth() != null && extauth.customAuth().contextExtensions() != null) {
            context.putAll(extauth.customAuth().contextExtensions());
            if (context.containsKey(CONFIG_ID)) {
                reading.problems().invalid("extauth.customAuth.contextExtensions: config_id is set by configRef");
                return;
            }
        }
        reading.attach(ExtAuthIr.check(found.id(), context));
    }

    @Override
    public void applyToRoute(RouteContext context, Route.Builder route) {
        context.policies().attached().get(ExtAuthIr.class)
                .ifPresent(auth -> route.putTypedPerFilterConfig(HTTP_FILTER, Any.pack(perRoute(auth))));
    }

    static ExtAuthzPerRoute perRoute(ExtAuthIr auth) {
        if (auth.checks()) {
            return ExtAuthzPerRoute.newBuilder().setCheckSettings(CheckSettings.newBuilder()
                    .putAllContextExtensions(auth.contextExtensions())
                    .putContextExtensions(CONFIG_ID, auth.configId())).build();
        }
        return ExtAuthzPerRoute.newBuilder().setDisabled(true).build();
    }

    @Override
    public List<OrderedHttpFilter> httpFilters(List<ListenerIr> listeners) {
        return PolicyUse.any(listeners, ExtAuthIr.class, ExtAuthIr::checks) ? filters : List.of();
    }

    @Override
    public ExtraResources extraResources(GatewayIr gateway) {
        if (!PolicyUse.any(gateway.listeners(), ExtAuthIr.class, ExtAuthIr::checks)) {
            return ExtraResources.NONE;
        }
        return new ExtraResources(List.of(ServiceClusters.grpc(CLUSTER, service.host(), service.port(), tls)), List.of());
    }

    private HttpFilter filter() {
        ExtAuthz.Builder config = ExtAuthz.newBuilder()
                .setGrpcService(GrpcService.newBuilder()
                        .setEnvoyGrpc(GrpcService.EnvoyGrpc.newBuilder().setClusterName(CLUSTER))
                        .setTimeout(OptionDurations.proto(service.timeout())))
                .setTransportApiVersion(ApiVersion.V3)
                .setFailureModeAllow(service.failureModeAllow());
        if (service.maxRequestBytes() > 0) {
            config.setWithRequestBody(BufferSettings.newBuilder().setMaxRequestBytes(service.maxRequestBytes())
                    .setAllowPartialMessage(true));
        }
        // disabled by default: only routes and virtual hosts with a per-route config are checked
        return HttpFilter.newBuilder().setName(HTTP_FILTER).setTypedConfig(Any.pack(config.build())).setDisabled(true)
                .build();
    }
}
