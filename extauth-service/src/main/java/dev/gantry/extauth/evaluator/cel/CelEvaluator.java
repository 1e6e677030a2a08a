package dev.gantry.extauth.evaluator.cel;

import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.gantry.extauth.evaluator.AuthEvaluator;
import dev.gantry.extauth.evaluator.AuthOutcome;
import dev.gantry.extauth.evaluator.AuthRequest;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a compiled CEL program over the request and the identity the checks before it established. True passes;
 * false, and an evaluation error (a key the identity does not have), answer 403: a policy that cannot decide does
 * not allow.
 */
final class CelEvaluator implements AuthEvaluator.Sync {

    private static final Logger log = LoggerFactory.getLogger(CelEvaluator.class);

    private final CelRuntime.Program program;

    CelEvaluator(CelRuntime.Program program) {
        this.program = program;
    }

    @Override
    public AuthOutcome decide(AuthRequest request) {
        try {
            Object result = program.eval(Map.of("request", CelValues.request(request),
                    "identity", CelValues.normalize(request.state())));
            return Boolean.TRUE.equals(result) ? AuthOutcome.allow() : AuthOutcome.forbidden();
        } catch (CelEvaluationException e) {
            log.debug("CEL policy of {} could not decide: {}", request.configId(), e.getMessage());
            return AuthOutcome.forbidden();
        }
    }
}
