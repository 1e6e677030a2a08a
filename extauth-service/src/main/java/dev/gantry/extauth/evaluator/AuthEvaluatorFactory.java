package dev.gantry.extauth.evaluator;

import dev.gantry.model.auth.AuthCheck;

/**
 * Compiles the checks of one kind into {@link AuthEvaluator}s. Each implementation is a Spring bean; the
 * {@link AuthEvaluatorRegistry} finds it by {@link #appliesTo}, so a new kind of check is one new factory class
 * and nothing else changes.
 */
public interface AuthEvaluatorFactory {

    /** The kind's name for logs and metrics, e.g. {@code apiKeyAuth}, {@code jwt}. */
    String kind();

    /** Whether {@code check} is of this factory's kind; exactly one factory may apply to a check. */
    boolean appliesTo(AuthCheck check);

    /**
     * Builds the evaluator once per config version: parse, open Secrets, precompute (hash keys, build JWKS sets),
     * so that {@link AuthEvaluator#evaluate} does no avoidable work.
     *
     * @throws InvalidAuthConfigException with a message fit for the log (never secret material)
     */
    AuthEvaluator compile(AuthCheck check, EvaluatorContext context) throws InvalidAuthConfigException;
}
