package dev.gantry.extauth.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.extauth.config.ExtAuthProperties;
import dev.gantry.extauth.evaluator.AuthEvaluatorRegistry;
import dev.gantry.extauth.evaluator.AuthOutcome;
import dev.gantry.extauth.evaluator.InvalidAuthConfigException;
import dev.gantry.extauth.secrets.SecretOpener;
import dev.gantry.extauth.support.Requests;
import dev.gantry.extauth.support.Sealing;
import dev.gantry.proto.PolicyConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** booleanExpr semantics: short-circuits, merged state and headers, the denial chosen, and errors failing closed. */
class CompiledAuthConfigTest {

    final StubEvaluatorFactory stubs = new StubEvaluatorFactory();
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final AuthConfigCompiler compiler = new AuthConfigCompiler(new AuthEvaluatorRegistry(List.of(stubs)),
            new SecretOpener(Sealing.CIPHER), new ExtAuthProperties(Duration.ofSeconds(5), Duration.ofMillis(100)),
            new EvaluatorErrors(meters));

    @Test
    void withoutBooleanExprEveryCheckMustPassInOrderAndTheirStateAndHeadersMerge() throws Exception {
        AuthDecision decision = decide(null, "a", "allow:alice", "b", "allow:bob");

        assertThat(decision.result()).isEqualTo(AuthDecision.Result.ALLOWED);
        AuthOutcome.Allow allow = (AuthOutcome.Allow) decision.outcome();
        assertThat(allow.headers()).containsExactlyInAnyOrderEntriesOf(Map.of("x-a", "alice", "x-b", "bob"));
        // the later check wins a clash, and saw what the earlier one established
        assertThat(allow.state()).containsEntry("principal", "bob").containsEntry("a", true).containsEntry("b", true)
                .containsEntry("seen", List.of("a", "principal", "seen"));
        assertThat(stubs.ran).containsExactly("a", "b");
    }

    @Test
    void andStopsAtTheFirstDenialAndReturnsIt() throws Exception {
        AuthDecision decision = decide(null, "a", "deny401", "b", "allow:bob");

        assertThat(decision.outcome()).isEqualTo(AuthOutcome.unauthorized("Basic realm=\"x\""));
        assertThat(stubs.ran).containsExactly("a");
    }

    @Test
    void orPassesOnEitherSideAndSkipsTheRightWhenTheLeftPasses() throws Exception {
        assertThat(decide("a || b", "a", "allow:alice", "b", "throw").result()).isEqualTo(AuthDecision.Result.ALLOWED);
        assertThat(stubs.ran).containsExactly("a");

        AuthDecision right = decide("a || b", "a", "deny403", "b", "allow:bob");
        assertThat(right.result()).isEqualTo(AuthDecision.Result.ALLOWED);
        // the failed left side contributes nothing
        assertThat(((AuthOutcome.Allow) right.outcome()).state()).doesNotContainKey("a");
    }

    @Test
    void whenBothSidesOfOrFailTheMoreHelpfulDenialIsSent() throws Exception {
        assertThat(decide("a || b", "a", "deny401", "b", "deny403").outcome().getClass())
                .isEqualTo(AuthOutcome.Deny.class);
        assertThat(((AuthOutcome.Deny) decide("a || b", "a", "deny401", "b", "deny403").outcome()).status())
                .isEqualTo(401);
        assertThat(decide("a || b", "a", "deny401", "b", "redirect").result())
                .isEqualTo(AuthDecision.Result.REDIRECTED);
        assertThat(decide("a || b", "a", "redirect", "b", "deny403").result())
                .isEqualTo(AuthDecision.Result.REDIRECTED);
    }

    @Test
    void notInvertsButNeverTurnsAnErrorIntoAPass() throws Exception {
        assertThat(decide("!a", "a", "deny401").result()).isEqualTo(AuthDecision.Result.ALLOWED);
        assertThat(((AuthOutcome.Deny) decide("!a", "a", "allow:alice").outcome()).status()).isEqualTo(403);

        AuthDecision errored = decide("!a", "a", "throw");
        assertThat(errored.result()).isEqualTo(AuthDecision.Result.ERROR);
        assertThat(((AuthOutcome.Deny) errored.outcome()).status()).isEqualTo(503);
    }

    @Test
    void anErrorFailsAnAndButAnOrStillPassesOnItsOtherSide() throws Exception {
        assertThat(decide("a && b", "a", "allow:alice", "b", "throw").result()).isEqualTo(AuthDecision.Result.ERROR);
        assertThat(decide("a || b", "a", "throw", "b", "allow:bob").result()).isEqualTo(AuthDecision.Result.ALLOWED);
        assertThat(decide("a || b", "a", "throw", "b", "deny401").result()).isEqualTo(AuthDecision.Result.ERROR);
        assertThat(meters.get("gantry.extauth.evaluator.errors").tag("check", "a").tag("reason", "error").counter()
                .count()).isEqualTo(2);
    }

    @Test
    void aCheckThatNeverAnswersTimesOutAsAnError() throws Exception {
        AuthDecision decision = decide("a || b", "a", "hang", "b", "deny401");

        assertThat(decision.result()).isEqualTo(AuthDecision.Result.ERROR);
        assertThat(meters.get("gantry.extauth.evaluator.errors").tag("reason", "timeout").counter().count())
                .isEqualTo(1);
    }

    @Test
    void asyncChecksCompose() throws Exception {
        assertThat(decide("a && b", "a", "async-allow", "b", "allow:bob").result())
                .isEqualTo(AuthDecision.Result.ALLOWED);
    }

    @Test
    void failOnRedirectAnswers401Instead() throws Exception {
        PolicyConfig policy = policy("{\"configs\":[{\"name\":\"a\",\"cel\":{\"expression\":\"redirect\"}}],"
                + "\"failOnRedirect\":true}");
        AuthDecision decision = check(compiler.compile(policy));

        assertThat(decision.result()).isEqualTo(AuthDecision.Result.DENIED);
        assertThat(((AuthOutcome.Deny) decision.outcome()).status()).isEqualTo(401);
    }

    @Test
    void refusesConfigsThatCannotRunAndClosesWhatItHadCompiled() {
        assertThatThrownBy(() -> compile("a && c", "a", "allow:x", "b", "allow:y"))
                .hasMessageContaining("booleanExpr names 'c'");
        assertThat(stubs.closed).containsExactlyInAnyOrder("a", "b");
        assertThatThrownBy(() -> compile(null, "a", "allow:x", "a", "allow:y")).hasMessageContaining("two checks");
        assertThatThrownBy(() -> compile(null, "a", "allow:x", "b", "invalid"))
                .hasMessage("check 'b' (stub): scripted to be invalid");
        assertThatThrownBy(() -> compiler.compile(policy("{\"configs\":[]}"))).hasMessageContaining("empty");
        assertThatThrownBy(() -> compiler.compile(policy("{\"configs\":[{\"name\":\"a\",\"ldap\":{}}]}")))
                .hasMessageContaining("no evaluator for this kind of check");
        // Jackson would quote the input; the message must not, for it may hold an inline secret
        assertThatThrownBy(() -> compiler.compile(policy("{\"configs\": \"hunter2\"")))
                .isInstanceOf(InvalidAuthConfigException.class).message().doesNotContain("hunter2");
    }

    private AuthDecision decide(String expr, String... namesAndScripts) throws Exception {
        stubs.ran.clear();
        return check(compile(expr, namesAndScripts));
    }

    private CompiledAuthConfig compile(String expr, String... namesAndScripts) throws InvalidAuthConfigException {
        StringBuilder json = new StringBuilder("{\"configs\":[");
        for (int i = 0; i < namesAndScripts.length; i += 2) {
            json.append(i == 0 ? "" : ",").append("{\"name\":\"").append(namesAndScripts[i])
                    .append("\",\"cel\":{\"expression\":\"").append(namesAndScripts[i + 1]).append("\"}}");
        }
        json.append("]").append(expr == null ? "" : ",\"booleanExpr\":\"" + expr + "\"").append("}");
        return compiler.compile(policy(json.toString()));
    }

    private static AuthDecision check(CompiledAuthConfig config) throws Exception {
        return config.check(Requests.request(Map.of())).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static PolicyConfig policy(String specJson) {
        return PolicyConfig.newBuilder().setKind("AuthConfig").setNamespace("shop").setName("keys").setVersion(1)
                .setSpecJson(specJson).build();
    }
}
