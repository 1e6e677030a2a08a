package dev.gantry.extauth.evaluator.apikey;

import static dev.gantry.extauth.support.Requests.evaluate;
import static dev.gantry.extauth.support.Requests.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.extauth.evaluator.AuthEvaluator;
import dev.gantry.extauth.evaluator.AuthOutcome;
import dev.gantry.extauth.evaluator.EvaluatorContext;
import dev.gantry.extauth.evaluator.InvalidAuthConfigException;
import dev.gantry.extauth.secrets.PolicySecrets;
import dev.gantry.extauth.secrets.SecretOpener;
import dev.gantry.extauth.support.Sealing;
import dev.gantry.model.auth.AuthCheck;
import dev.gantry.model.common.ResourceRef;
import dev.gantry.proto.SealedSecret;
import dev.gantry.proto.secrets.SecretCipher;
import dev.gantry.proto.secrets.SecretKeys;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** API keys from Secrets sealed as the watcher seals them. */
class ApiKeyEvaluatorTest {

    static final SealedSecret ALICE = Sealing.sealed("shop", "alice-key", Map.of("team", "shop"),
            Map.of("api-key", "k-alice-1234", "client-id", "alice", "plan", "gold"));
    static final SealedSecret BOB = Sealing.sealed("shop", "bob-key", Map.of("team", "shop"),
            Map.of("api-key", "k-bob-5678", "client-id", "bob"));
    static final SealedSecret OTHER_TEAM = Sealing.sealed("shop", "carol-key", Map.of("team", "billing"),
            Map.of("api-key", "k-carol", "client-id", "carol"));
    static final SealedSecret OTHER_NAMESPACE = Sealing.sealed("billing", "dave-key", Map.of("team", "shop"),
            Map.of("api-key", "k-dave", "client-id", "dave"));

    final ApiKeyEvaluatorFactory factory = new ApiKeyEvaluatorFactory();

    @Test
    void aKeyFromALabelledSecretPassesWithItsMetadataAsHeaders() throws Exception {
        AuthEvaluator evaluator = compile(new AuthCheck.ApiKeyAuth("x-api-key", Map.of("team", "shop"), null,
                Map.of("x-client-id", new AuthCheck.SecretKeyHeader("client-id", true),
                        "x-plan", new AuthCheck.SecretKeyHeader("plan", false))),
                ALICE, BOB, OTHER_TEAM, OTHER_NAMESPACE);

        AuthOutcome alice = evaluate(evaluator, request(Map.of("x-api-key", "k-alice-1234")));
        assertThat(alice).isEqualTo(AuthOutcome.allow(Map.of("x-client-id", "alice", "x-plan", "gold"),
                Map.of("principal", "shop/alice-key")));
        // an optional entry the Secret lacks adds no header
        assertThat(evaluate(evaluator, request(Map.of("X-Api-Key", "k-bob-5678"))))
                .isEqualTo(AuthOutcome.allow(Map.of("x-client-id", "bob"), Map.of("principal", "shop/bob-key")));
    }

    @Test
    void keysOfUnselectedSecretsAndWrongOrMissingKeysGetTheSame401() throws Exception {
        AuthEvaluator evaluator = compile(new AuthCheck.ApiKeyAuth(null, Map.of("team", "shop"), null, null),
                ALICE, BOB, OTHER_TEAM, OTHER_NAMESPACE);

        AuthOutcome missing = evaluate(evaluator, request(Map.of()));
        assertThat(missing).isInstanceOf(AuthOutcome.Deny.class);
        assertThat(((AuthOutcome.Deny) missing).status()).isEqualTo(401);
        for (String wrong : List.of("k-carol", "k-dave", "k-alice-123", "k-alice-12345", "K-ALICE-1234", "")) {
            assertThat(evaluate(evaluator, request(Map.of("api-key", wrong)))).as(wrong).isEqualTo(missing);
        }
        // the default header is api-key
        assertThat(evaluate(evaluator, request(Map.of("api-key", "k-alice-1234"))).allowed()).isTrue();
        assertThat(evaluate(evaluator, request(Map.of("x-api-key", "k-alice-1234"))).allowed()).isFalse();
    }

    @Test
    void secretsByReferenceMayLiveInAnotherNamespace() throws Exception {
        AuthEvaluator evaluator = compile(new AuthCheck.ApiKeyAuth(null, null,
                List.of(new ResourceRef("alice-key", null), new ResourceRef("dave-key", "billing")), null),
                ALICE, BOB, OTHER_NAMESPACE);

        assertThat(evaluate(evaluator, request(Map.of("api-key", "k-dave"))).allowed()).isTrue();
        assertThat(evaluate(evaluator, request(Map.of("api-key", "k-alice-1234"))).allowed()).isTrue();
        assertThat(evaluate(evaluator, request(Map.of("api-key", "k-bob-5678"))).allowed()).isFalse();
    }

    @Test
    void refusesConfigsItCannotServeFaithfully() {
        assertThatThrownBy(() -> compile(new AuthCheck.ApiKeyAuth(null, null,
                List.of(new ResourceRef("missing", null)), null), ALICE))
                .hasMessageContaining("missing is referenced but was not shipped");
        assertThatThrownBy(() -> compile(new AuthCheck.ApiKeyAuth(null, Map.of("team", "shop"), null,
                Map.of("x-plan", new AuthCheck.SecretKeyHeader("plan", true))), ALICE, BOB))
                .hasMessageContaining("bob-key lacks entry 'plan'");
        SealedSecret noKey = Sealing.sealed("shop", "broken", Map.of("team", "shop"), Map.of("client-id", "x"));
        assertThatThrownBy(() -> compile(new AuthCheck.ApiKeyAuth(null, Map.of("team", "shop"), null, null), noKey))
                .hasMessageContaining("has no entry 'api-key'");
        SealedSecret sameKey = Sealing.sealed("shop", "copy", Map.of("team", "shop"), Map.of("api-key", "k-bob-5678"));
        assertThatThrownBy(() -> compile(new AuthCheck.ApiKeyAuth(null, Map.of("team", "shop"), null, null),
                BOB, sameKey)).hasMessageContaining("hold the same API key").message().doesNotContain("k-bob");
    }

    @Test
    void anEnvelopeMovedToAnotherSecretDoesNotOpen() {
        // the sealed key of alice-key pasted into a Secret of another name: bound to its own object, it must not open
        SealedSecret moved = SealedSecret.newBuilder(BOB).setName("mallory")
                .putData("api-key", ALICE.getDataMap().get("api-key")).build();
        assertThatThrownBy(() -> compile(new AuthCheck.ApiKeyAuth(null, Map.of("team", "shop"), null, null), moved))
                .isInstanceOf(InvalidAuthConfigException.class).hasMessageContaining("does not authenticate");
    }

    @Test
    void plainTextIsTakenOnlyWhileTheServiceHasNoKeys() throws Exception {
        SealedSecret plain = SealedSecret.newBuilder().setNamespace("shop").setName("dev-key")
                .putData("api-key", "k-dev").build();
        AuthCheck check = check(new AuthCheck.ApiKeyAuth(null, null, List.of(new ResourceRef("dev-key", null)), null));
        PolicySecrets withoutKeys = new PolicySecrets("shop", Map.of("shop/dev-key", plain),
                new SecretOpener(new SecretCipher(SecretKeys.none())));
        AuthEvaluator dev = factory.compile(check, new EvaluatorContext("shop.keys", "shop", "keys", withoutKeys));
        assertThat(evaluate(dev, request(Map.of("api-key", "k-dev"))).allowed()).isTrue();

        assertThatThrownBy(() -> factory.compile(check, new EvaluatorContext("shop.keys", "shop", "keys",
                Sealing.secrets("shop", plain)))).hasMessageContaining("is not sealed");
    }

    private AuthEvaluator compile(AuthCheck.ApiKeyAuth spec, SealedSecret... secrets)
            throws InvalidAuthConfigException {
        return factory.compile(check(spec), new EvaluatorContext("shop.keys", "shop", "keys",
                Sealing.secrets("shop", secrets)));
    }

    static AuthCheck check(AuthCheck.ApiKeyAuth spec) {
        return new AuthCheck("keys", null, spec, null, null, null, null, null, null, null, null);
    }
}
