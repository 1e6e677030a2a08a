package dev.gantry.ratelimit.limiter;

import com.google.protobuf.util.Durations;
import dev.gantry.ratelimit.rules.Match;
import dev.gantry.ratelimit.rules.Rule;
import io.envoyproxy.envoy.config.core.v3.HeaderValue;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitResponse;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitResponse.Code;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitResponse.DescriptorStatus;
import java.util.List;
import java.util.Map;

/**
 * Builds the answer Envoy reads: one status per request descriptor, in order; OVER_LIMIT overall when any
 * enforced descriptor is over; the RateLimit-* headers from the counted descriptor with the least remaining. Pure.
 */
public final class ResponseAssembler {

    /** envoyproxy/ratelimit's limit_remaining for an unlimited rule: the largest uint32. */
    static final int UNLIMITED_REMAINING = -1;

    private ResponseAssembler() {
    }

    /** Every descriptor OK: no limit applied (unknown domain, or Redis away with the service failing open). */
    public static RateLimitResponse allOk(int descriptors) {
        RateLimitResponse.Builder response = RateLimitResponse.newBuilder().setOverallCode(Code.OK);
        for (int i = 0; i < descriptors; i++) {
            response.addStatuses(DescriptorStatus.newBuilder().setCode(Code.OK));
        }
        return response.build();
    }

    /** Counted descriptors OVER_LIMIT, others OK: Redis away with the service failing closed. */
    public static RateLimitResponse counterFailure(List<Match> matches) {
        RateLimitResponse.Builder response = RateLimitResponse.newBuilder().setOverallCode(Code.OVER_LIMIT);
        for (Match match : matches) {
            boolean counted = match != null && match.rule().counts();
            DescriptorStatus.Builder status = DescriptorStatus.newBuilder().setCode(counted ? Code.OVER_LIMIT : Code.OK);
            if (counted) {
                status.setCurrentLimit(currentLimit(match.rule()));
            }
            response.addStatuses(status);
        }
        return response.build();
    }

    /**
     * @param outcomes by descriptor index, for the counted descriptors; a remaining below 0 means not asked
     *                 (the request was refused from the local cache before Redis)
     */
    public static RateLimitResponse assemble(List<Match> matches, Map<Integer, CounterOutcome> outcomes,
            boolean headers) {
        RateLimitResponse.Builder response = RateLimitResponse.newBuilder();
        boolean over = false;
        CounterOutcome least = null;
        for (int i = 0; i < matches.size(); i++) {
            Match match = matches.get(i);
            DescriptorStatus.Builder status = DescriptorStatus.newBuilder().setCode(Code.OK);
            if (match != null && match.rule().unlimited()) {
                status.setLimitRemaining(UNLIMITED_REMAINING);
            } else if (match != null && match.rule().limit() != null) {
                CounterOutcome outcome = outcomes.get(i);
                boolean enforcedOver = outcome.over() && !match.rule().shadowMode();
                over |= enforcedOver;
                status.setCode(enforcedOver ? Code.OVER_LIMIT : Code.OK)
                        .setCurrentLimit(currentLimit(match.rule()))
                        .setLimitRemaining((int) Math.min(Integer.MAX_VALUE, Math.max(0, outcome.remaining())))
                        .setDurationUntilReset(Durations.fromMillis(Math.max(0, outcome.resetMillis())));
                if (outcome.remaining() >= 0 && (least == null || outcome.remaining() < least.remaining())) {
                    least = outcome;
                }
            }
            response.addStatuses(status);
        }
        response.setOverallCode(over ? Code.OVER_LIMIT : Code.OK);
        if (headers && least != null) {
            long resetSeconds = (Math.max(0, least.resetMillis()) + 999) / 1000;
            response.addResponseHeadersToAdd(header("RateLimit-Limit",
                    least.counter().match().rule().limit().requestsPerUnit()))
                    .addResponseHeadersToAdd(header("RateLimit-Remaining", least.remaining()))
                    .addResponseHeadersToAdd(header("RateLimit-Reset", resetSeconds));
        }
        return response.build();
    }

    private static RateLimitResponse.RateLimit currentLimit(Rule rule) {
        RateLimitResponse.RateLimit.Builder limit = RateLimitResponse.RateLimit.newBuilder()
                .setRequestsPerUnit((int) Math.min(Integer.MAX_VALUE, rule.limit().requestsPerUnit()))
                .setUnit(rule.limit().unit().envoyUnit());
        if (rule.name() != null) {
            limit.setName(rule.name());
        }
        return limit.build();
    }

    private static HeaderValue header(String name, long value) {
        return HeaderValue.newBuilder().setKey(name).setValue(Long.toString(value)).build();
    }
}
