package dev.gantry.extauth.evaluator.cel;

import static dev.gantry.extauth.support.Requests.evaluate;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.extauth.evaluator.AuthEvaluator;
import dev.gantry.extauth.evaluator.AuthOutcome;
import dev.gantry.extauth.evaluator.AuthRequest;
import dev.gantry.extauth.evaluator.EvaluatorContext;
import dev.gantry.extauth.evaluator.InvalidAuthConfigException;
import dev.gantry.extauth.support.Requests;
import dev.gantry.extauth.support.Sealing;
import dev.gantry.model.auth.AuthCheck;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CelEvaluatorTest {

    final CelEvaluatorFactory factory = new CelEvaluatorFactory();

    @Test
    void decidesOverTheRequestAndTheIdentityEstablishedBefore() throws Exception {
        AuthEvaluator evaluator = compile("request.method == 'GET' && request.path.startsWith('/orders') "
                + "&& request.headers['x-tenant'] == 'acme' && 'admin' in identity.claims.roles "
                + "&& identity.claims.level >= 3");
        Map<String, Object> admin = Map.of("principal", "alice",
                "claims", Map.of("roles", List.of("admin", "dev"), "level", 3));

        assertThat(evaluate(evaluator, request(Map.of("x-tenant", "acme"), admin)).allowed()).isTrue();
        assertThat(evaluate(evaluator, request(Map.of("x-tenant", "other"), admin))).isEqualTo(AuthOutcome.forbidden());
        assertThat(evaluate(evaluator, request(Map.of("x-tenant", "acme"),
                Map.of("claims", Map.of("roles", List.of("dev"), "level", 9))))).isEqualTo(AuthOutcome.forbidden());
    }

    @Test
    void aPolicyThatCannotDecideDenies() throws Exception {
        AuthEvaluator evaluator = compile("identity.claims.roles.exists(r, r == 'admin')");

        // no identity at all: the key lookup fails at run time
        assertThat(evaluate(evaluator, request(Map.of(), Map.of()))).isEqualTo(AuthOutcome.forbidden());
        // a map value is dyn, so this compiles; a non-bool at run time does not allow
        assertThat(evaluate(compile("request.method"), request(Map.of(), Map.of()))).isEqualTo(AuthOutcome.forbidden());
        assertThat(evaluate(compile("request.query == 'page=2' && request.host == 'shop.example.com'"),
                request(Map.of(), Map.of())).allowed()).isTrue();
    }

    @Test
    void refusesExpressionsThatDoNotCompileOrYieldNoBool() {
        assertThatThrownBy(() -> compile("request.method ==")).hasMessageContaining("does not compile");
        assertThatThrownBy(() -> compile("1 + 2")).hasMessageContaining("does not compile");
        assertThatThrownBy(() -> compile("user.name == 'x'")).hasMessageContaining("does not compile");
        assertThatThrownBy(() -> compile(" ")).hasMessageContaining("empty");
    }

    private AuthEvaluator compile(String expression) throws InvalidAuthConfigException {
        return factory.compile(new AuthCheck("policy", null, null, null, null, null, null, null, null, null,
                new AuthCheck.CelPolicy(expression)), new EvaluatorContext("shop.cel", "shop", "policy",
                Sealing.secrets("shop")));
    }

    private static AuthRequest request(Map<String, String> headers, Map<String, Object> identity) {
        return Requests.request(headers).withState(identity);
    }
}
