package dev.gantry.translator.envoy.filters;

import io.envoyproxy.envoy.config.core.v3.RuntimeFractionalPercent;
import io.envoyproxy.envoy.config.route.v3.RouteAction.RequestMirrorPolicy;
import io.envoyproxy.envoy.type.v3.FractionalPercent;
import io.envoyproxy.envoy.type.v3.FractionalPercent.DenominatorType;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Fraction;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRequestMirrorFilter;
import java.util.Optional;

/**
 * RequestMirror as an Envoy request mirror policy. {@code percent} and {@code fraction} become a
 * runtime fraction (no runtime key, so it is just the default value); 100% or neither means always.
 * A mirror whose backend does not resolve is left out and reported, the rule keeps working
 * (Gateway API: an invalid reference is dropped and ResolvedRefs turns False, which the resolver's owner sets).
 */
final class Mirrors {

    static final String FILTER = "RequestMirror";
    private static final int MILLION = 1_000_000;

    private Mirrors() {
    }

    static Optional<RequestMirrorPolicy> translate(HTTPRequestMirrorFilter filter, BackendRefResolver backends,
            Problems problems) {
        if (filter == null || filter.getBackendRef() == null) {
            problems.invalid(FILTER + " filter has no backendRef");
            return Optional.empty();
        }
        if (filter.getPercent() != null && filter.getFraction() != null) {
            problems.invalid(FILTER + ": percent and fraction are mutually exclusive");
            return Optional.empty();
        }
        Optional<FractionalPercent> share;
        if (filter.getPercent() != null) {
            share = percent(filter.getPercent(), problems);
        } else if (filter.getFraction() != null) {
            share = fraction(filter.getFraction(), problems);
        } else {
            share = Optional.of(FractionalPercent.newBuilder().setNumerator(100).build());
        }
        if (share.isEmpty()) {
            return Optional.empty();
        }
        BackendTarget target = BackendTarget.of(filter.getBackendRef());
        Optional<String> cluster = backends.clusterFor(target);
        if (cluster.isEmpty()) {
            problems.degraded(FILTER + ": backend " + target.describe() + " does not resolve; not mirrored");
            return Optional.empty();
        }
        RequestMirrorPolicy.Builder policy = RequestMirrorPolicy.newBuilder().setCluster(cluster.get());
        if (!always(share.get())) {
            policy.setRuntimeFraction(RuntimeFractionalPercent.newBuilder().setDefaultValue(share.get()));
        }
        return Optional.of(policy.build());
    }

    private static Optional<FractionalPercent> percent(int percent, Problems problems) {
        if (percent < 0 || percent > 100) {
            problems.invalid(FILTER + ": percent " + percent + " is not within 0..100");
            return Optional.empty();
        }
        return Optional.of(FractionalPercent.newBuilder().setNumerator(percent).setDenominator(DenominatorType.HUNDRED).build());
    }

    private static Optional<FractionalPercent> fraction(Fraction fraction, Problems problems) {
        int denominator = fraction.getDenominator() == null ? 100 : fraction.getDenominator();
        int numerator = fraction.getNumerator() == null ? -1 : fraction.getNumerator();
        if (denominator <= 0 || numerator < 0 || numerator > denominator) {
            problems.invalid(FILTER + ": fraction " + numerator + "/" + denominator
                    + " needs 0 <= numerator <= denominator and denominator > 0");
            return Optional.empty();
        }
        return Optional.of(switch (denominator) {
            case 100 -> FractionalPercent.newBuilder().setNumerator(numerator).setDenominator(DenominatorType.HUNDRED).build();
            case 10_000 -> FractionalPercent.newBuilder().setNumerator(numerator).setDenominator(DenominatorType.TEN_THOUSAND).build();
            case MILLION -> FractionalPercent.newBuilder().setNumerator(numerator).setDenominator(DenominatorType.MILLION).build();
            // Envoy has only these three denominators; per million is exact to 0.0001%.
            default -> FractionalPercent.newBuilder()
                    .setNumerator((int) Math.round((double) numerator * MILLION / denominator))
                    .setDenominator(DenominatorType.MILLION).build();
        });
    }

    private static boolean always(FractionalPercent share) {
        long whole = switch (share.getDenominator()) {
            case TEN_THOUSAND -> 10_000;
            case MILLION -> MILLION;
            default -> 100;
        };
        return share.getNumerator() >= whole;
    }
}
