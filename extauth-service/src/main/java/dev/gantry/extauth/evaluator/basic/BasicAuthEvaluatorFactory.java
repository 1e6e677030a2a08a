package dev.gantry.extauth.evaluator.basic;

import dev.gantry.extauth.evaluator.AuthEvaluator;
import dev.gantry.extauth.evaluator.AuthEvaluatorFactory;
import dev.gantry.extauth.evaluator.EvaluatorContext;
import dev.gantry.extauth.evaluator.InvalidAuthConfigException;
import dev.gantry.extauth.secrets.OpenedSecret;
import dev.gantry.model.auth.AuthCheck;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/** {@code basicAuth}: users from {@code apr.users}, inline {@code htpasswd} lines, and an htpasswd Secret. */
@Component
public class BasicAuthEvaluatorFactory implements AuthEvaluatorFactory {

    static final String DEFAULT_SECRET_KEY = "auth";
    static final String DEFAULT_REALM = "gantry";

    @Override
    public String kind() {
        return "basicAuth";
    }

    @Override
    public boolean appliesTo(AuthCheck check) {
        return check.basicAuth() != null;
    }

    @Override
    public AuthEvaluator compile(AuthCheck check, EvaluatorContext context) throws InvalidAuthConfigException {
        AuthCheck.BasicAuth spec = check.basicAuth();
        Map<String, PasswordHash> users = new LinkedHashMap<>();
        if (spec.apr() != null && spec.apr().users() != null) {
            for (Map.Entry<String, AuthCheck.SaltedHash> user : spec.apr().users().entrySet()) {
                AuthCheck.SaltedHash salted = user.getValue();
                add(users, user.getKey(), "$apr1$" + salted.salt() + "$" + salted.hashedPassword(), "apr.users");
            }
        }
        if (spec.htpasswd() != null) {
            readHtpasswd(users, spec.htpasswd(), "htpasswd");
        }
        if (spec.htpasswdSecretRef() != null) {
            OpenedSecret secret = context.secrets().find(spec.htpasswdSecretRef())
                    .orElseThrow(() -> new InvalidAuthConfigException("Secret " + spec.htpasswdSecretRef().name()
                            + " is referenced but was not shipped with the config"));
            String key = spec.htpasswdSecretKey() == null || spec.htpasswdSecretKey().isBlank() ? DEFAULT_SECRET_KEY
                    : spec.htpasswdSecretKey();
            String lines = secret.text(key).orElseThrow(() -> new InvalidAuthConfigException(
                    secret + " has no entry '" + key + "'"));
            readHtpasswd(users, lines, secret + " entry " + key);
        }
        if (users.isEmpty()) {
            throw new InvalidAuthConfigException("no users (apr.users, htpasswd or htpasswdSecretRef)");
        }
        String realm = spec.realm() == null || spec.realm().isBlank() ? DEFAULT_REALM : spec.realm();
        return new BasicAuthEvaluator(realm, users);
    }

    private static void readHtpasswd(Map<String, PasswordHash> users, String text, String source)
            throws InvalidAuthConfigException {
        int number = 0;
        for (String line : text.split("\\r?\\n")) {
            number++;
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            int colon = trimmed.indexOf(':');
            if (colon <= 0) {
                throw new InvalidAuthConfigException(source + " line " + number + " is not user:hash");
            }
            add(users, trimmed.substring(0, colon), trimmed.substring(colon + 1), source + " line " + number);
        }
    }

    private static void add(Map<String, PasswordHash> users, String user, String hash, String source)
            throws InvalidAuthConfigException {
        try {
            if (users.putIfAbsent(user, PasswordHash.parse(hash)) != null) {
                throw new InvalidAuthConfigException(source + ": user '" + user + "' is defined twice");
            }
        } catch (IllegalArgumentException e) {
            throw new InvalidAuthConfigException(source + ", user '" + user + "': " + e.getMessage());
        }
    }
}
