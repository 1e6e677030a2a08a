package dev.gantry.translator.features;

import dev.gantry.translator.envoy.filters.BackendTarget;
import dev.gantry.translator.model.ir.policy.BackendFilters;
import dev.gantry.translator.model.ir.policy.MirrorIr;
import io.envoyproxy.envoy.config.core.v3.RuntimeFractionalPercent;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteAction.RequestMirrorPolicy;
import io.envoyproxy.envoy.type.v3.FractionalPercent;
import io.envoyproxy.envoy.type.v3.FractionalPercent.DenominatorType;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Fraction;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRequestMirrorFilter;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteFilter;
import java.util.List;
import java.util.Optional;

/**
 * RequestMirror as Envoy request mirror policies. {@code percent} and {@code fraction} become a runtime
 * fraction (no runtime key, so it is just the default value); 100% or neither means always. A mirror whose
 * backend does not resolve is left out and reported, the rule keeps working (Gateway API: an invalid
 * reference is dropped and ResolvedRefs turns False, which stage one's backend resolution reports).
 */
final class RequestMirrorFeature implements Feature {

    static final String FILTER = FilterTypes.REQUEST_MIRROR;
    private static final int MILLION = 1_000_000;

    @Override
    public String name() {
        return FILTER;
    }

    @Override
    public String filterType() {
        return FILTER;
    }

    @Override
    public void readFilter(HTTPRouteFilter filter, FilterList list) {
        read(filter.getRequestMirror(), list).ifPresent(mirror -> {
            if (list.rule().forwards()) {
                list.update(filters -> filters.withMirror(mirror));
            } else if (list.rule().redirects()) {
                list.problems().degraded("RequestMirror: ignored, the rule redirects");
            }
        });
    }

    @Override
    public void applyToRoute(RouteContext context, Route.Builder route) {
        if (!route.hasRoute()) {
            return;
        }
        add(context.policies().filters().mirrors(), route);
        for (BackendFilters backend : context.policies().backends()) {
            if (backend.wholeRoute()) {
                add(backend.filters().mirrors(), route);
            }
        }
    }

    private static void add(List<MirrorIr> mirrors, Route.Builder route) {
        for (MirrorIr mirror : mirrors) {
            RequestMirrorPolicy.Builder policy = RequestMirrorPolicy.newBuilder().setCluster(mirror.cluster());
            if (mirror.share() != null) {
                policy.setRuntimeFraction(RuntimeFractionalPercent.newBuilder().setDefaultValue(FractionalPercent.newBuilder()
                        .setNumerator(mirror.share().numerator()).setDenominator(denominator(mirror.share().denominator()))));
            }
            route.getRouteBuilder().addRequestMirrorPolicies(policy);
        }
    }

    private static DenominatorType denominator(int denominator) {
        return switch (denominator) {
            case 10_000 -> DenominatorType.TEN_THOUSAND;
            case MILLION -> DenominatorType.MILLION;
            default -> DenominatorType.HUNDRED;
        };
    }

    private static Optional<MirrorIr> read(HTTPRequestMirrorFilter filter, FilterList list) {
        Problems problems = list.problems();
        if (filter == null || filter.getBackendRef() == null) {
            problems.invalid(FILTER + " filter has no backendRef");
            return Optional.empty();
        }
        if (filter.getPercent() != null && filter.getFraction() != null) {
            problems.invalid(FILTER + ": percent and fraction are mutually exclusive");
            return Optional.empty();
        }
        Optional<MirrorIr.Share> share;
        if (filter.getPercent() != null) {
            share = percent(filter.getPercent(), problems);
        } else if (filter.getFraction() != null) {
            share = fraction(filter.getFraction(), problems);
        } else {
            share = Optional.of(new MirrorIr.Share(100, 100));
        }
        if (share.isEmpty()) {
            return Optional.empty();
        }
        BackendTarget target = BackendTarget.of(filter.getBackendRef());
        Optional<String> cluster = list.rule().backends().clusterFor(target);
        if (cluster.isEmpty()) {
            problems.degraded(FILTER + ": backend " + target.describe() + " does not resolve; not mirrored");
            return Optional.empty();
        }
        return Optional.of(new MirrorIr(cluster.get(), always(share.get()) ? null : share.get()));
    }

    private static Optional<MirrorIr.Share> percent(int percent, Problems problems) {
        if (percent < 0 || percent > 100) {
            problems.invalid(FILTER + ": percent " + percent + " is not within 0..100");
            return Optional.empty();
        }
        return Optional.of(new MirrorIr.Share(percent, 100));
    }

    private static Optional<MirrorIr.Share> fraction(Fraction fraction, Problems problems) {
        int denominator = fraction.getDenominator() == null ? 100 : fraction.getDenominator();
        int numerator = fraction.getNumerator() == null ? -1 : fraction.getNumerator();
        if (denominator <= 0 || numerator < 0 || numerator > denominator) {
            problems.invalid(FILTER + ": fraction " + numerator + "/" + denominator
                    + " needs 0 <= numerator <= denominator and denominator > 0");
            return Optional.empty();
        }
        return Optional.of(switch (denominator) {
            case 100, 10_000, MILLION -> new MirrorIr.Share(numerator, denominator);
            // Envoy has only these three denominators; per million is exact to 0.0001%.
            default -> new MirrorIr.Share((int) Math.round((double) numerator * MILLION / denominator), MILLION);
        });
    }

    private static boolean always(MirrorIr.Share share) {
        return share.numerator() >= share.denominator();
    }
}
