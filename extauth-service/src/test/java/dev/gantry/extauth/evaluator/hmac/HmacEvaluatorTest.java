package dev.gantry.extauth.evaluator.hmac;

import static dev.gantry.extauth.support.Requests.evaluate;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.extauth.evaluator.AuthEvaluator;
import dev.gantry.extauth.evaluator.AuthOutcome;
import dev.gantry.extauth.evaluator.AuthRequest;
import dev.gantry.extauth.evaluator.EvaluatorContext;
import dev.gantry.extauth.support.Requests;
import dev.gantry.extauth.support.Sealing;
import dev.gantry.model.auth.AuthCheck;
import dev.gantry.model.common.ResourceRef;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** Signatures computed here with the JDK's Mac, over the signing string the scheme defines. */
class HmacEvaluatorTest {

    static final Instant NOW = Instant.parse("2026-12-03T14:00:00Z");
    static final String DATE = "Thu, 03 Dec 2026 14:00:00 GMT";
    static final String SECRET = "s3cr3t-of-alice";

    final AuthEvaluator evaluator;

    HmacEvaluatorTest() throws Exception {
        HmacEvaluatorFactory factory = new HmacEvaluatorFactory(Clock.fixed(NOW, ZoneOffset.UTC));
        evaluator = factory.compile(check(null), new EvaluatorContext("shop.hmac", "shop", "hmac",
                Sealing.secrets("shop", Sealing.sealed("shop", "alice-hmac", Map.of(),
                        Map.of("username", "alice", "secret", SECRET)))));
    }

    @Test
    void aSignatureOverDateAndRequestLinePassesWithEveryAlgorithm() throws Exception {
        for (String[] algorithm : new String[][] {{"hmac-sha1", "HmacSHA1"}, {"hmac-sha256", "HmacSHA256"},
                {"hmac-sha384", "HmacSHA384"}, {"hmac-sha512", "HmacSHA512"}}) {
            String signature = sign(algorithm[1], SECRET, "date: " + DATE + "\nGET /orders?page=2 HTTP/1.1");
            AuthOutcome outcome = evaluate(evaluator, request("alice", algorithm[0], "date request-line", signature,
                    DATE));
            assertThat(outcome).as(algorithm[0]).isEqualTo(AuthOutcome.allow(Map.of(), Map.of("principal", "alice")));
        }
    }

    @Test
    void anythingElseIsDenied() throws Exception {
        String good = sign("HmacSHA256", SECRET, "date: " + DATE + "\nGET /orders?page=2 HTTP/1.1");
        String stale = "Thu, 03 Dec 2026 13:54:59 GMT"; // 301 s before now
        String staleSignature = sign("HmacSHA256", SECRET, "date: " + stale + "\nGET /orders?page=2 HTTP/1.1");
        String dateOnly = sign("HmacSHA256", SECRET, "GET /orders?page=2 HTTP/1.1");
        String wrongKey = sign("HmacSHA256", "another", "date: " + DATE + "\nGET /orders?page=2 HTTP/1.1");
        String otherPath = sign("HmacSHA256", SECRET, "date: " + DATE + "\nGET /admin HTTP/1.1");

        List<AuthRequest> denied = List.of(
                request("alice", "hmac-sha256", "date request-line", wrongKey, DATE),
                request("alice", "hmac-sha256", "date request-line", otherPath, DATE),
                request("alice", "hmac-sha256", "date request-line", staleSignature, stale),
                request("alice", "hmac-sha256", "request-line", dateOnly, DATE),
                request("bob", "hmac-sha256", "date request-line", good, DATE),
                request("alice", "hmac-md5", "date request-line", good, DATE),
                request("alice", "hmac-sha256", "date request-line", "%%%", DATE),
                Requests.request(Map.of("date", DATE)),
                Requests.request(Map.of("authorization", "hmac username=\"alice\" garbage", "date", DATE)));
        for (AuthRequest request : denied) {
            AuthOutcome outcome = evaluate(evaluator, request);
            assertThat(outcome).as(request.header("authorization")).isInstanceOf(AuthOutcome.Deny.class);
            assertThat(((AuthOutcome.Deny) outcome).status()).isEqualTo(401);
        }
        assertThat(evaluate(evaluator, request("alice", "hmac-sha256", "date request-line", good, DATE)).allowed())
                .isTrue();
    }

    @Test
    void refusesSecretsWithoutCredentials() {
        HmacEvaluatorFactory factory = new HmacEvaluatorFactory();
        assertThatThrownBy(() -> factory.compile(check(null), new EvaluatorContext("shop.hmac", "shop", "hmac",
                Sealing.secrets("shop", Sealing.sealed("shop", "alice-hmac", Map.of(), Map.of("username", "a"))))))
                .hasMessageContaining("no entry 'secret'");
        assertThatThrownBy(() -> factory.compile(check("soon"), new EvaluatorContext("shop.hmac", "shop", "hmac",
                Sealing.secrets("shop", Sealing.sealed("shop", "alice-hmac", Map.of(),
                        Map.of("username", "a", "secret", "b")))))).hasMessageContaining("not a duration");
    }

    static AuthCheck check(String clockSkew) {
        return new AuthCheck("hmac", null, null, null, null, null, null, null, null,
                new AuthCheck.HmacAuth(new AuthCheck.SecretRefList(List.of(new ResourceRef("alice-hmac", null))),
                        Map.of(), clockSkew), null);
    }

    static AuthRequest request(String user, String algorithm, String headers, String signature, String date) {
        return Requests.request(Map.of("date", date, "authorization", "hmac username=\"" + user + "\", algorithm=\""
                + algorithm + "\", headers=\"" + headers + "\", signature=\"" + signature + "\""));
    }

    static String sign(String algorithm, String secret, String text) throws Exception {
        Mac mac = Mac.getInstance(algorithm);
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), algorithm));
        return Base64.getEncoder().encodeToString(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
    }
}
