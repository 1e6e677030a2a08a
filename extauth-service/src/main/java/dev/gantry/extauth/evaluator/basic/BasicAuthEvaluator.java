package dev.gantry.extauth.evaluator.basic;

import dev.gantry.extauth.evaluator.AuthEvaluator;
import dev.gantry.extauth.evaluator.AuthOutcome;
import dev.gantry.extauth.evaluator.AuthRequest;
import dev.gantry.extauth.evaluator.SingleFlightCache;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * HTTP Basic. Verifying a bcrypt hash costs milliseconds by design, so verdicts are cached by a digest of the
 * user and password (never the password itself), and concurrent requests with the same credentials share one
 * verification. An unknown user, a wrong password and a malformed header all get the same 401 challenge.
 */
final class BasicAuthEvaluator implements AuthEvaluator {

    private static final Duration VERDICT_TTL = Duration.ofMinutes(5);
    private static final long MAX_VERDICTS = 10_000;
    /** Verified against when the user is unknown, so that an unknown user costs what a known one does. */
    private static final PasswordHash DECOY = PasswordHash.parse("$apr1$decoy$Mxx1Ng3vXwMJkBWgCjYhb.");

    private final Map<String, PasswordHash> users;
    private final AuthOutcome challenge;
    private final SingleFlightCache<String, Boolean> verdicts = new SingleFlightCache<>(VERDICT_TTL, MAX_VERDICTS);

    BasicAuthEvaluator(String realm, Map<String, PasswordHash> users) {
        this.users = Map.copyOf(users);
        this.challenge = AuthOutcome.unauthorized("Basic realm=\"" + realm.replace("\"", "") + "\"");
    }

    @Override
    public CompletionStage<AuthOutcome> evaluate(AuthRequest request) {
        String authorization = request.header("authorization");
        if (authorization == null || authorization.length() < 6
                || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return CompletableFuture.completedFuture(challenge);
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(6).strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(challenge);
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0) {
            return CompletableFuture.completedFuture(challenge);
        }
        String user = decoded.substring(0, colon);
        String password = decoded.substring(colon + 1);
        return verdicts.get(digest(decoded), key -> CompletableFuture.completedFuture(verify(user, password)))
                .thenApply(ok -> ok ? AuthOutcome.allow(Map.of(), Map.of("principal", user)) : challenge);
    }

    private boolean verify(String user, String password) {
        PasswordHash hash = users.get(user);
        if (hash == null) {
            DECOY.matches(password);
            return false;
        }
        return hash.matches(password);
    }

    private static String digest(String credentials) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(credentials.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
