package dev.gantry.extauth.evaluator;

import java.util.concurrent.CompletionStage;

/**
 * One compiled check of an AuthConfig: immutable, thread-safe, built once per config version by its
 * {@link AuthEvaluatorFactory} and called for every request. Evaluators that call a remote peer return a stage
 * that completes later (the engine bounds it with {@code gantry.extauth.evaluator-timeout}, and a stage that fails
 * or times out is an error: the request is refused with 503, never let through); evaluators that decide in memory
 * implement {@link Sync}.
 */
public interface AuthEvaluator extends AutoCloseable {

    CompletionStage<AuthOutcome> evaluate(AuthRequest request);

    /** Releases what the evaluator holds (refresh tasks, connections) once its config version was replaced. */
    @Override
    default void close() {
    }

    /** An evaluator that decides in memory, on the caller's thread. */
    interface Sync extends AuthEvaluator {

        AuthOutcome decide(AuthRequest request);

        @Override
        default CompletionStage<AuthOutcome> evaluate(AuthRequest request) {
            return java.util.concurrent.CompletableFuture.completedFuture(decide(request));
        }
    }
}
