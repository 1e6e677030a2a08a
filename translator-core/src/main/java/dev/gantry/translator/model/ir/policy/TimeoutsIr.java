package dev.gantry.translator.model.ir.policy;

import java.time.Duration;

/**
 * A rule's checked {@code timeouts}: {@code backendRequest} is never longer than a non-zero {@code request}.
 *
 * @param request or {@code null} when not written; zero disables the timeout
 * @param backendRequest or {@code null} when not written; zero means no per-try timeout
 */
public record TimeoutsIr(Duration request, Duration backendRequest) {
}
