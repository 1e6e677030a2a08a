package dev.gantry.extauth.engine;

import dev.gantry.extauth.evaluator.AuthOutcome;
import dev.gantry.extauth.evaluator.AuthRequest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One AuthConfig version, compiled: immutable, shared by every request, replaced as a whole when a new version
 * arrives. {@link #check} evaluates the boolean expression over the named checks with short-circuiting, in three
 * values: a check passes, fails (its denial), or errs (it threw or timed out). An error never turns into a pass:
 * {@code !x} of an erring {@code x} errs, {@code x && y} errs if {@code x} errs, and {@code x || y} passes only if
 * one side passes.
 */
public final class CompiledAuthConfig implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CompiledAuthConfig.class);

    private final String configId;
    private final long version;
    private final Map<String, CompiledCheck> checks;
    private final BooleanExpr expr;
    private final boolean failOnRedirect;
    private final long timeoutNanos;
    private final EvaluatorErrors errors;

    CompiledAuthConfig(String configId, long version, Map<String, CompiledCheck> checks, BooleanExpr expr,
            boolean failOnRedirect, Duration timeout, EvaluatorErrors errors) {
        this.configId = configId;
        this.version = version;
        this.checks = Map.copyOf(checks);
        this.expr = expr;
        this.failOnRedirect = failOnRedirect;
        this.timeoutNanos = timeout.toNanos();
        this.errors = errors;
    }

    public String configId() {
        return configId;
    }

    public long version() {
        return version;
    }

    public CompletionStage<AuthDecision> check(AuthRequest request) {
        return eval(expr, request, Map.of()).thenApply(this::decide);
    }

    private AuthDecision decide(Step step) {
        switch (step.status) {
            case PASS:
                return AuthDecision.of(AuthOutcome.allow(step.headers, step.request.state()));
            case ERROR:
                return AuthDecision.ERROR;
            default:
                AuthOutcome denial = step.denial;
                if (denial instanceof AuthOutcome.Redirect && failOnRedirect) {
                    denial = AuthOutcome.unauthorized(null);
                }
                return AuthDecision.of(denial);
        }
    }

    private CompletionStage<Step> eval(BooleanExpr node, AuthRequest request, Map<String, String> headers) {
        if (node instanceof BooleanExpr.Check c) {
            return run(checks.get(c.name()), request, headers);
        }
        if (node instanceof BooleanExpr.And and) {
            return eval(and.left(), request, headers).thenCompose(left -> left.status != Status.PASS
                    ? CompletableFuture.completedFuture(left)
                    : eval(and.right(), left.request, left.headers));
        }
        if (node instanceof BooleanExpr.Or or) {
            return eval(or.left(), request, headers).thenCompose(left -> left.status == Status.PASS
                    ? CompletableFuture.completedFuture(left)
                    : eval(or.right(), request, headers).thenApply(right -> either(left, right)));
        }
        BooleanExpr.Not not = (BooleanExpr.Not) node;
        return eval(not.operand(), request, headers).thenApply(inner -> switch (inner.status) {
            case PASS -> Step.fail(request, headers, AuthOutcome.forbidden());
            case FAIL -> Step.pass(request, headers);
            case ERROR -> inner;
        });
    }

    /** Both sides of an {@code ||} did not pass: an error wins (fail closed), else the more helpful denial. */
    private static Step either(Step left, Step right) {
        if (right.status == Status.PASS) {
            return right;
        }
        if (left.status == Status.ERROR) {
            return left;
        }
        if (right.status == Status.ERROR) {
            return right;
        }
        return rank(left.denial) > rank(right.denial) ? left : right;
    }

    /** A redirect to log in helps a browser more than a 401, and a 401 (how to authenticate) more than a 403. */
    private static int rank(AuthOutcome denial) {
        if (denial instanceof AuthOutcome.Redirect) {
            return 3;
        }
        return denial instanceof AuthOutcome.Deny deny && deny.status() == 401 ? 2 : 1;
    }

    private CompletionStage<Step> run(CompiledCheck check, AuthRequest request, Map<String, String> headers) {
        CompletableFuture<AuthOutcome> outcome;
        try {
            outcome = check.evaluator().evaluate(request).toCompletableFuture();
        } catch (RuntimeException e) {
            outcome = CompletableFuture.failedFuture(e);
        }
        if (!outcome.isDone()) {
            outcome = outcome.orTimeout(timeoutNanos, TimeUnit.NANOSECONDS);
        }
        return outcome.handle((result, error) -> {
            if (error != null || result == null) {
                errors.record(configId, check, error);
                return Step.error(request, headers);
            }
            if (result instanceof AuthOutcome.Allow allow) {
                return Step.pass(request.withState(merge(request.state(), allow.state())),
                        merge(headers, allow.headers()));
            }
            return Step.fail(request, headers, result);
        });
    }

    private static <V> Map<String, V> merge(Map<String, V> base, Map<String, V> added) {
        if (added.isEmpty()) {
            return base;
        }
        if (base.isEmpty()) {
            return added;
        }
        Map<String, V> merged = new LinkedHashMap<>(base);
        merged.putAll(added);
        return Map.copyOf(merged);
    }

    /** Closes every evaluator; called once a newer version serves. */
    @Override
    public void close() {
        for (CompiledCheck check : checks.values()) {
            try {
                check.evaluator().close();
            } catch (RuntimeException e) {
                log.warn("closing check {} of {} failed: {}", check.name(), configId, e.toString());
            }
        }
    }

    private enum Status { PASS, FAIL, ERROR }

    private record Step(Status status, AuthRequest request, Map<String, String> headers, AuthOutcome denial) {

        static Step pass(AuthRequest request, Map<String, String> headers) {
            return new Step(Status.PASS, request, headers, null);
        }

        static Step fail(AuthRequest request, Map<String, String> headers, AuthOutcome denial) {
            return new Step(Status.FAIL, request, headers, denial);
        }

        static Step error(AuthRequest request, Map<String, String> headers) {
            return new Step(Status.ERROR, request, headers, null);
        }
    }
}
