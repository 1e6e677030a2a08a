package dev.gantry.extauth.evaluator.hmac;

import dev.gantry.extauth.evaluator.AuthEvaluator;
import dev.gantry.extauth.evaluator.AuthEvaluatorFactory;
import dev.gantry.extauth.evaluator.Durations;
import dev.gantry.extauth.evaluator.EvaluatorContext;
import dev.gantry.extauth.evaluator.InvalidAuthConfigException;
import dev.gantry.extauth.secrets.OpenedSecret;
import dev.gantry.model.auth.AuthCheck;
import dev.gantry.model.common.ResourceRef;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/** {@code hmacAuth}: one user per referenced Secret (entries {@code username} and {@code secret}). */
@Component
public class HmacEvaluatorFactory implements AuthEvaluatorFactory {

    static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(300);

    private final Clock clock;

    public HmacEvaluatorFactory() {
        this(Clock.systemUTC());
    }

    HmacEvaluatorFactory(Clock clock) {
        this.clock = clock;
    }

    @Override
    public String kind() {
        return "hmacAuth";
    }

    @Override
    public boolean appliesTo(AuthCheck check) {
        return check.hmacAuth() != null;
    }

    @Override
    public AuthEvaluator compile(AuthCheck check, EvaluatorContext context) throws InvalidAuthConfigException {
        AuthCheck.HmacAuth spec = check.hmacAuth();
        if (spec.secretRefs() == null || spec.secretRefs().secretRefs() == null
                || spec.secretRefs().secretRefs().isEmpty()) {
            throw new InvalidAuthConfigException("secretRefs is empty");
        }
        Map<String, byte[]> secrets = new HashMap<>();
        for (ResourceRef ref : spec.secretRefs().secretRefs()) {
            OpenedSecret secret = context.secrets().find(ref).orElseThrow(() -> new InvalidAuthConfigException(
                    "Secret " + ref.name() + " is referenced but was not shipped with the config"));
            String user = secret.text("username").orElseThrow(() -> new InvalidAuthConfigException(
                    secret + " has no entry 'username'"));
            byte[] key = secret.bytes("secret").orElseThrow(() -> new InvalidAuthConfigException(
                    secret + " has no entry 'secret'"));
            if (key.length == 0) {
                throw new InvalidAuthConfigException(secret + " has an empty 'secret'");
            }
            if (secrets.put(user, key) != null) {
                throw new InvalidAuthConfigException("user '" + user + "' is in two Secrets");
            }
        }
        return new HmacEvaluator(secrets, Durations.parse(spec.clockSkew(), DEFAULT_CLOCK_SKEW), clock);
    }
}
