package dev.gantry.translator.features;

import com.google.protobuf.Any;
import dev.gantry.model.options.RouteOptions;
import dev.gantry.translator.model.ir.ListenerIr;
import dev.gantry.translator.model.ir.policy.FaultIr;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.extensions.filters.common.fault.v3.FaultDelay;
import io.envoyproxy.envoy.extensions.filters.http.fault.v3.FaultAbort;
import io.envoyproxy.envoy.extensions.filters.http.fault.v3.HTTPFault;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import io.envoyproxy.envoy.type.v3.FractionalPercent;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;
import java.time.Duration;
import java.util.List;

/**
 * A RouteOption's {@code faults} (abort with a status, delay by a fixed time, each for a percentage of the
 * requests) as the per-route {@code HTTPFault} of Envoy's {@code envoy.filters.http.fault}.
 *
 * <p>The HTTP filter is in every connection manager with an empty {@code HTTPFault}, which injects nothing: only
 * a route's own config (typed_per_filter_config, which replaces the filter's for that route) does. So a route
 * gaining a fault never changes a listener (see {@link CorsFeature}). grpc-xds implements this filter, so it is
 * not optional: a proxyless client honours the faults too. Slot {@link HttpFilterOrder#FAULT}.
 */
final class FaultInjectionFeature implements Feature {

    static final String HTTP_FILTER = "envoy.filters.http.fault";
    private static final int PER_MILLION = 1_000_000;

    private static final List<OrderedHttpFilter> HTTP_FILTERS = List.of(new OrderedHttpFilter(HttpFilterOrder.FAULT,
            HttpFilter.newBuilder().setName(HTTP_FILTER).setTypedConfig(Any.pack(HTTPFault.getDefaultInstance())).build()));

    @Override
    public String name() {
        return "faults";
    }

    @Override
    public void readRule(HTTPRouteRule rule, RuleReading reading) {
        RouteOptions options = RouteOptionFields.of(rule);
        if (options == null || options.faults() == null) {
            return;
        }
        RouteOptions.Faults faults = options.faults();
        Problems problems = reading.problems();
        Integer status = null;
        int abortShare = 0;
        if (faults.abort() != null) {
            status = faults.abort().httpStatus();
            // Envoy's FaultAbort: http_status in [200, 600)
            if (status == null || status < 200 || status > 599) {
                problems.invalid("faults.abort.httpStatus: " + status + " is not within 200..599");
                return;
            }
            abortShare = share("faults.abort.percentage", faults.abort().percentage(), problems);
            if (abortShare < 0) {
                return;
            }
        }
        Duration delay = null;
        int delayShare = 0;
        if (faults.delay() != null) {
            if (faults.delay().fixedDelay() == null) {
                problems.invalid("faults.delay.fixedDelay: a delay needs one");
                return;
            }
            try {
                delay = OptionDurations.parse("faults.delay.fixedDelay", faults.delay().fixedDelay());
            } catch (IllegalArgumentException e) {
                problems.invalid(e.getMessage());
                return;
            }
            delayShare = share("faults.delay.percentage", faults.delay().percentage(), problems);
            if (delayShare < 0) {
                return;
            }
        }
        if (status != null || delay != null) {
            reading.attach(new FaultIr(status, abortShare, delay, delayShare));
        }
    }

    /** A percentage in millionths (k8sgateway: unset means 0, no request), or -1 after reporting a bad one. */
    private static int share(String field, Double percentage, Problems problems) {
        if (percentage == null) {
            return 0;
        }
        if (percentage.isNaN() || percentage < 0 || percentage > 100) {
            problems.invalid(field + ": " + percentage + " is not within 0..100");
            return -1;
        }
        return (int) Math.round(percentage * (PER_MILLION / 100));
    }

    @Override
    public void applyToRoute(RouteContext context, Route.Builder route) {
        context.policies().attached().get(FaultIr.class)
                .ifPresent(fault -> route.putTypedPerFilterConfig(HTTP_FILTER, Any.pack(httpFault(fault))));
    }

    static HTTPFault httpFault(FaultIr fault) {
        HTTPFault.Builder config = HTTPFault.newBuilder();
        if (fault.abortStatus() != null) {
            config.setAbort(FaultAbort.newBuilder().setHttpStatus(fault.abortStatus())
                    .setPercentage(perMillion(fault.abortPerMillion())));
        }
        if (fault.delay() != null) {
            config.setDelay(FaultDelay.newBuilder().setFixedDelay(OptionDurations.proto(fault.delay()))
                    .setPercentage(perMillion(fault.delayPerMillion())));
        }
        return config.build();
    }

    private static FractionalPercent perMillion(int numerator) {
        return FractionalPercent.newBuilder().setNumerator(numerator)
                .setDenominator(FractionalPercent.DenominatorType.MILLION).build();
    }

    @Override
    public List<OrderedHttpFilter> httpFilters(List<ListenerIr> listeners) {
        return HTTP_FILTERS;
    }
}
