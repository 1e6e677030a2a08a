package dev.gantry.extauth.evaluator.basic;

import static dev.gantry.extauth.support.Requests.evaluate;
import static dev.gantry.extauth.support.Requests.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.extauth.evaluator.AuthEvaluator;
import dev.gantry.extauth.evaluator.AuthOutcome;
import dev.gantry.extauth.evaluator.EvaluatorContext;
import dev.gantry.extauth.evaluator.InvalidAuthConfigException;
import dev.gantry.extauth.support.Sealing;
import dev.gantry.model.auth.AuthCheck;
import dev.gantry.model.common.ResourceRef;
import dev.gantry.proto.SealedSecret;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * htpasswd hashes made by other implementations than the ones the service uses: APR1 by
 * {@code openssl passwd -apr1 -salt r31Ls6Qa myPassword}; bcrypt by libxcrypt (glibc's crypt(3), as
 * {@code htpasswd -B} writes it) with salt {@code abcdefghijklmnopqrstuu}, cost 5; SHA-1 as {@code htpasswd -s}
 * ({@code {SHA}} + base64 of SHA-1; "password" is the example of Apache's htpasswd documentation).
 */
class BasicAuthEvaluatorTest {

    static final String APR1 = "$apr1$r31Ls6Qa$ctps8Qzii9XYY0diMOuh90";
    static final String BCRYPT_2Y = "$2y$05$abcdefghijklmnopqrstuugwV8qBBvnFAgKU/1lAQTjzoU4mNz2BW";
    static final String BCRYPT_2B = "$2b$05$abcdefghijklmnopqrstuugwV8qBBvnFAgKU/1lAQTjzoU4mNz2BW";
    static final String SHA1_PASSWORD = "{SHA}W6ph5Mm5Pz8GgiULbPgzG37mj9g=";

    final BasicAuthEvaluatorFactory factory = new BasicAuthEvaluatorFactory();

    @Test
    void everyHashFormatVerifiesItsPasswordAndNoOther() throws Exception {
        AuthEvaluator evaluator = compile(new AuthCheck.BasicAuth("shop", null,
                "# users\nann:" + APR1 + "\nben:" + BCRYPT_2Y + "\r\ncat:" + BCRYPT_2B + "\ndan:" + SHA1_PASSWORD + "\n",
                null, null));

        for (String[] user : new String[][] {{"ann", "myPassword"}, {"ben", "myPassword"}, {"cat", "myPassword"},
                {"dan", "password"}}) {
            assertThat(evaluate(evaluator, basic(user[0], user[1])))
                    .as(user[0]).isEqualTo(AuthOutcome.allow(Map.of(), Map.of("principal", user[0])));
            assertThat(evaluate(evaluator, basic(user[0], user[1] + "x")).allowed()).as(user[0]).isFalse();
            assertThat(evaluate(evaluator, basic(user[0], "")).allowed()).as(user[0]).isFalse();
        }
    }

    @Test
    void everyFailureIsTheSameChallenge() throws Exception {
        AuthEvaluator evaluator = compile(new AuthCheck.BasicAuth("shop \"admin\"", null, "ann:" + APR1, null, null));
        AuthOutcome challenge = AuthOutcome.unauthorized("Basic realm=\"shop admin\"");

        assertThat(evaluate(evaluator, request(Map.of()))).isEqualTo(challenge);
        assertThat(evaluate(evaluator, basic("ann", "wrong"))).isEqualTo(challenge);
        assertThat(evaluate(evaluator, basic("nobody", "myPassword"))).isEqualTo(challenge);
        assertThat(evaluate(evaluator, request(Map.of("authorization", "Basic !!notbase64")))).isEqualTo(challenge);
        assertThat(evaluate(evaluator, request(Map.of("authorization", "Basic " + b64("no-colon"))))).isEqualTo(challenge);
        assertThat(evaluate(evaluator, request(Map.of("authorization", "Bearer " + b64("ann:myPassword")))))
                .isEqualTo(challenge);
        // the scheme is case-insensitive; a colon in the password is the password's
        assertThat(evaluate(evaluator, request(Map.of("authorization", "basic " + b64("ann:myPassword")))).allowed())
                .isTrue();
    }

    @Test
    void aPasswordWithAColonAndTheGlooAprShape() throws Exception {
        // openssl passwd -apr1 -salt r31Ls6Qa myPassword, split as Gloo's apr.users holds it
        AuthEvaluator evaluator = compile(new AuthCheck.BasicAuth(null,
                new AuthCheck.Apr(Map.of("user", new AuthCheck.SaltedHash("r31Ls6Qa", "ctps8Qzii9XYY0diMOuh90"))),
                null, null, null));

        assertThat(evaluate(evaluator, basic("user", "myPassword")).allowed()).isTrue();
        assertThat(evaluate(evaluator, basic("user", "myPassword:")).allowed()).isFalse();
        assertThat(evaluate(evaluator, request(Map.of()))).isEqualTo(AuthOutcome.unauthorized("Basic realm=\"gantry\""));
    }

    @Test
    void usersFromASealedHtpasswdSecret() throws Exception {
        SealedSecret htpasswd = Sealing.sealed("shop", "admins", Map.of(),
                Map.of("auth", "ann:" + APR1 + "\ndan:" + SHA1_PASSWORD, "users", "ben:" + BCRYPT_2Y));
        AuthEvaluator byDefaultEntry = compile(new AuthCheck.BasicAuth(null, null, null,
                new ResourceRef("admins", null), null), htpasswd);
        AuthEvaluator byNamedEntry = compile(new AuthCheck.BasicAuth(null, null, null,
                new ResourceRef("admins", "shop"), "users"), htpasswd);

        assertThat(evaluate(byDefaultEntry, basic("dan", "password")).allowed()).isTrue();
        assertThat(evaluate(byDefaultEntry, basic("ben", "myPassword")).allowed()).isFalse();
        assertThat(evaluate(byNamedEntry, basic("ben", "myPassword")).allowed()).isTrue();
    }

    @Test
    void refusesHashesItCannotVerifySoundly() {
        assertThatThrownBy(() -> compile(new AuthCheck.BasicAuth(null, null, "ann:plaintext", null, null)))
                .hasMessageContaining("line 1, user 'ann': unsupported hash format");
        assertThatThrownBy(() -> compile(new AuthCheck.BasicAuth(null, null, "ann:$1$abc$def", null, null)))
                .hasMessageContaining("unsupported hash format");
        assertThatThrownBy(() -> compile(new AuthCheck.BasicAuth(null, null, "ann:$2y$05$short", null, null)))
                .hasMessageContaining("malformed bcrypt");
        assertThatThrownBy(() -> compile(new AuthCheck.BasicAuth(null, null, "ann:{SHA}AAAA", null, null)))
                .hasMessageContaining("malformed SHA-1");
        assertThatThrownBy(() -> compile(new AuthCheck.BasicAuth(null, null, "ann:" + APR1 + "\nann:" + APR1, null,
                null))).hasMessageContaining("defined twice");
        assertThatThrownBy(() -> compile(new AuthCheck.BasicAuth(null, null, "just a line", null, null)))
                .hasMessageContaining("not user:hash");
        assertThatThrownBy(() -> compile(new AuthCheck.BasicAuth(null, null, null, null, null)))
                .hasMessageContaining("no users");
        assertThatThrownBy(() -> compile(new AuthCheck.BasicAuth(null, null, null, new ResourceRef("gone", null),
                null))).hasMessageContaining("gone is referenced but was not shipped");
    }

    private AuthEvaluator compile(AuthCheck.BasicAuth spec, SealedSecret... secrets) throws InvalidAuthConfigException {
        return factory.compile(new AuthCheck("basic", spec, null, null, null, null, null, null, null, null, null),
                new EvaluatorContext("shop.basic", "shop", "basic", Sealing.secrets("shop", secrets)));
    }

    static dev.gantry.extauth.evaluator.AuthRequest basic(String user, String password) {
        return request(Map.of("authorization", "Basic " + b64(user + ":" + password)));
    }

    static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
