package dev.gantry.extauth.engine;

import dev.gantry.extauth.evaluator.AuthEvaluator;
import dev.gantry.extauth.evaluator.AuthEvaluatorFactory;
import dev.gantry.extauth.evaluator.AuthOutcome;
import dev.gantry.extauth.evaluator.EvaluatorContext;
import dev.gantry.extauth.evaluator.InvalidAuthConfigException;
import dev.gantry.model.auth.AuthCheck;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Scripted checks for the engine's tests, written as {@code cel: {expression: <script>}}: {@code allow:<principal>},
 * {@code deny401}, {@code deny403}, {@code redirect}, {@code throw}, {@code hang} (never completes). Records which
 * checks ran, in order, and which were closed.
 */
final class StubEvaluatorFactory implements AuthEvaluatorFactory {

    final List<String> ran = new CopyOnWriteArrayList<>();
    final List<String> closed = new CopyOnWriteArrayList<>();

    @Override
    public String kind() {
        return "stub";
    }

    @Override
    public boolean appliesTo(AuthCheck check) {
        return check.cel() != null;
    }

    @Override
    public AuthEvaluator compile(AuthCheck check, EvaluatorContext context) throws InvalidAuthConfigException {
        String script = check.cel().expression();
        String name = context.checkName();
        if (script.equals("invalid")) {
            throw new InvalidAuthConfigException("scripted to be invalid");
        }
        return new AuthEvaluator() {
            @Override
            public java.util.concurrent.CompletionStage<AuthOutcome> evaluate(
                    dev.gantry.extauth.evaluator.AuthRequest request) {
                ran.add(name);
                if (script.startsWith("allow:")) {
                    String principal = script.substring("allow:".length());
                    return CompletableFuture.completedFuture(AuthOutcome.allow(
                            Map.of("x-" + name, principal), Map.of("principal", principal, name, true,
                                    "seen", request.state().keySet().stream().sorted().toList())));
                }
                return switch (script) {
                    case "deny401" -> CompletableFuture.completedFuture(AuthOutcome.unauthorized("Basic realm=\"x\""));
                    case "deny403" -> CompletableFuture.completedFuture(AuthOutcome.forbidden());
                    case "redirect" -> CompletableFuture.completedFuture(
                            new AuthOutcome.Redirect("https://idp.example.com/auth", Map.of()));
                    case "throw" -> throw new IllegalStateException("scripted failure");
                    case "hang" -> new CompletableFuture<>();
                    case "async-allow" -> CompletableFuture.supplyAsync(AuthOutcome::allow);
                    default -> throw new IllegalArgumentException("unknown script " + script);
                };
            }

            @Override
            public void close() {
                closed.add(name);
            }
        };
    }
}
