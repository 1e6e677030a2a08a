package dev.gantry.extauth.evaluator.hmac;

import dev.gantry.extauth.evaluator.AuthEvaluator;
import dev.gantry.extauth.evaluator.AuthOutcome;
import dev.gantry.extauth.evaluator.AuthRequest;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies an HMAC request signature (RFC 2104). The signing string is the signed headers, in the order the
 * client lists them, one {@code name: value} per line ({@code request-line} is {@code METHOD path PROTOCOL}),
 * joined by newlines. The {@code date} (or {@code x-date}) header must be signed and within the clock skew, so a
 * captured request cannot be replayed later. Every failure is the same 401.
 */
final class HmacEvaluator implements AuthEvaluator.Sync {

    private static final Map<String, String> ALGORITHMS = Map.of(
            "hmac-sha1", "HmacSHA1", "hmac-sha256", "HmacSHA256", "hmac-sha384", "HmacSHA384",
            "hmac-sha512", "HmacSHA512");
    private static final AuthOutcome DENIED = AuthOutcome.unauthorized(
            "hmac headers=\"date request-line\"");

    private final Map<String, byte[]> secrets;
    private final Duration clockSkew;
    private final Clock clock;

    HmacEvaluator(Map<String, byte[]> secrets, Duration clockSkew, Clock clock) {
        this.secrets = Map.copyOf(secrets);
        this.clockSkew = clockSkew;
        this.clock = clock;
    }

    @Override
    public AuthOutcome decide(AuthRequest request) {
        HmacAuthorization auth = HmacAuthorization.parse(request.header("authorization"));
        if (auth == null) {
            return DENIED;
        }
        String algorithm = ALGORITHMS.get(auth.algorithm());
        byte[] secret = secrets.get(auth.username());
        if (algorithm == null || secret == null || !freshDateSigned(request, auth)) {
            return DENIED;
        }
        StringBuilder signing = new StringBuilder();
        for (String header : auth.headers()) {
            if (signing.length() > 0) {
                signing.append('\n');
            }
            if (header.equals("request-line")) {
                String protocol = request.raw().getAttributes().getRequest().getHttp().getProtocol();
                signing.append(request.method()).append(' ').append(request.path()).append(' ')
                        .append(protocol.isEmpty() ? "HTTP/1.1" : protocol);
            } else {
                String value = request.header(header);
                if (value == null) {
                    return DENIED;
                }
                signing.append(header).append(": ").append(value);
            }
        }
        byte[] presented;
        try {
            presented = Base64.getDecoder().decode(auth.signature());
        } catch (IllegalArgumentException e) {
            return DENIED;
        }
        byte[] expected = sign(algorithm, secret, signing.toString());
        if (!MessageDigest.isEqual(expected, presented)) {
            return DENIED;
        }
        return AuthOutcome.allow(Map.of(), Map.of("principal", auth.username()));
    }

    private boolean freshDateSigned(AuthRequest request, HmacAuthorization auth) {
        String name = auth.headers().contains("x-date") ? "x-date" : auth.headers().contains("date") ? "date" : null;
        String value = name == null ? null : request.header(name);
        if (value == null) {
            return false;
        }
        try {
            Instant date = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            return Duration.between(date, clock.instant()).abs().compareTo(clockSkew) <= 0;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    static byte[] sign(String algorithm, byte[] secret, String signingString) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(secret, algorithm));
            return mac.doFinal(signingString.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm + " is in every JVM", e);
        }
    }
}
