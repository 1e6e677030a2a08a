package dev.gantry.xds.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The exp claim of a (TokenReview-accepted) ServiceAccount token; anything else has no known expiry. */
class TokenExpiryTest {

    private static String jwt(String payloadJson) {
        Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
        return url.encodeToString("{\"alg\":\"RS256\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + url.encodeToString(payloadJson.getBytes(StandardCharsets.UTF_8)) + ".c2lnbmF0dXJl";
    }

    @Test
    void theExpClaimIsTheExpiry() {
        assertThat(TokenExpiry.of(jwt("{\"aud\":[\"gantry-xds\"],\"exp\":1900000000,"
                + "\"kubernetes.io\":{\"namespace\":\"shop\"}}"))).contains(Instant.ofEpochSecond(1_900_000_000L));
    }

    @Test
    void noExpOrNoJwtMeansNoKnownExpiry() {
        assertThat(TokenExpiry.of(jwt("{\"aud\":\"gantry-xds\"}"))).isEmpty();
        assertThat(TokenExpiry.of(jwt("{\"exp\":\"tomorrow\"}"))).isEmpty();
        assertThat(TokenExpiry.of(jwt("not json"))).isEmpty();
        assertThat(TokenExpiry.of("opaque-token")).isEmpty();
        assertThat(TokenExpiry.of("a.%%%.c")).isEmpty();
    }
}
