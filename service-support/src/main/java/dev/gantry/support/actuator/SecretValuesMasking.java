package dev.gantry.support.actuator;

import java.util.regex.Pattern;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;

/**
 * Masks the values of Gantry's secret-bearing properties in the {@code env} and {@code configprops} views even where
 * an operator turns {@code show-values} on to debug: Spring Boot applies sanitizing functions before it decides to
 * show a value. Beyond Spring Boot's own idea of a credential (password, secret, key, token, URIs with user info):
 * the sealing keys ({@code gantry.secrets.keys.<id>}), Actuator tokens, SASL JAAS lines (they carry the Kafka
 * password), private keys and cookie keys, in property and environment-variable spelling alike.
 */
final class SecretValuesMasking {

    private static final Pattern[] GANTRY_SECRETS = {
            Pattern.compile("secrets[._-]?keys", Pattern.CASE_INSENSITIVE),
            Pattern.compile("auth[._-]?tokens", Pattern.CASE_INSENSITIVE),
            Pattern.compile("jaas", Pattern.CASE_INSENSITIVE),
            Pattern.compile("private[._-]?key", Pattern.CASE_INSENSITIVE),
            Pattern.compile("cookie[._-]?key", Pattern.CASE_INSENSITIVE),
            Pattern.compile("password", Pattern.CASE_INSENSITIVE),
    };

    private SecretValuesMasking() {
    }

    static SanitizingFunction function() {
        return SanitizingFunction.sanitizeValue().ifLikelySensitive()
                .ifKeyMatches(key -> {
                    for (Pattern pattern : GANTRY_SECRETS) {
                        if (pattern.matcher(key).find()) {
                            return true;
                        }
                    }
                    return false;
                });
    }
}
