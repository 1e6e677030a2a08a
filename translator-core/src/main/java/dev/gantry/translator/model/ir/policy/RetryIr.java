package dev.gantry.translator.model.ir.policy;

import java.time.Duration;
import java.util.List;

/**
 * A rule's checked {@code retry}.
 *
 * @param attempts how many retries, or {@code null} for the proxy's default
 * @param codes the HTTP status codes (400..599) that are retried, besides connection failures and resets
 * @param backoff the base interval between retries, or {@code null}
 */
public record RetryIr(Integer attempts, List<Integer> codes, Duration backoff) {

    public RetryIr {
        codes = List.copyOf(codes);
    }
}
