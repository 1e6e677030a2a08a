package dev.gantry.translator.model.ir.policy;

import java.util.List;

/**
 * A RouteOption's {@code csrf}, checked: the share of requests (in millionths) the filter enforces on and the share
 * it only evaluates (shadow), and the origins allowed besides the destination's own.
 */
public record CsrfIr(int enabledPerMillion, int shadowPerMillion, List<Origin> additionalOrigins) {

    public CsrfIr {
        additionalOrigins = List.copyOf(additionalOrigins);
    }

    /** One allowed origin: how it is matched ({@code EXACT}, {@code PREFIX}, {@code SUFFIX}, {@code REGEX}). */
    public record Origin(String how, String value, boolean ignoreCase) {
    }
}
