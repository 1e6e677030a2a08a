package dev.gantry.extauth.engine;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.gantry.extauth.config.ExtAuthProperties;
import dev.gantry.extauth.evaluator.AuthEvaluator;
import dev.gantry.extauth.evaluator.AuthEvaluatorFactory;
import dev.gantry.extauth.evaluator.AuthEvaluatorRegistry;
import dev.gantry.extauth.evaluator.EvaluatorContext;
import dev.gantry.extauth.evaluator.InvalidAuthConfigException;
import dev.gantry.extauth.secrets.PolicySecrets;
import dev.gantry.extauth.secrets.SecretOpener;
import dev.gantry.model.auth.AuthCheck;
import dev.gantry.model.auth.AuthConfigSpec;
import dev.gantry.proto.PolicyConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Turns one {@link PolicyConfig} of kind AuthConfig into a {@link CompiledAuthConfig}, all or nothing. */
@Component
public class AuthConfigCompiler {

    /**
     * gantry-model's records carry Jackson 2 annotations. Unknown fields are ignored: a newer translator may ship
     * fields this service does not know yet, and must not cost the whole config.
     */
    private static final ObjectMapper SPEC_MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private final AuthEvaluatorRegistry evaluators;
    private final SecretOpener opener;
    private final ExtAuthProperties properties;
    private final EvaluatorErrors errors;

    public AuthConfigCompiler(AuthEvaluatorRegistry evaluators, SecretOpener opener, ExtAuthProperties properties,
            EvaluatorErrors errors) {
        this.evaluators = evaluators;
        this.opener = opener;
        this.properties = properties;
        this.errors = errors;
    }

    public static String configId(String namespace, String name) {
        return namespace + "." + name;
    }

    /** @throws InvalidAuthConfigException naming the check and what is wrong with it */
    public CompiledAuthConfig compile(PolicyConfig policy) throws InvalidAuthConfigException {
        String configId = configId(policy.getNamespace(), policy.getName());
        AuthConfigSpec spec;
        try {
            spec = SPEC_MAPPER.readValue(policy.getSpecJson(), AuthConfigSpec.class);
        } catch (Exception e) {
            // Jackson's message may quote the input, which can hold inline secrets: only say where it broke
            throw new InvalidAuthConfigException("spec_json is not an AuthConfig spec ("
                    + e.getClass().getSimpleName() + ")");
        }
        if (spec == null || spec.configs() == null || spec.configs().isEmpty()) {
            throw new InvalidAuthConfigException("spec.configs is empty");
        }
        PolicySecrets secrets = new PolicySecrets(policy.getNamespace(), policy.getSecretsMap(), opener);
        List<String> names = new ArrayList<>();
        Map<String, CompiledCheck> checks = new LinkedHashMap<>();
        try {
            for (int i = 0; i < spec.configs().size(); i++) {
                AuthCheck check = spec.configs().get(i);
                if (check == null) {
                    throw new InvalidAuthConfigException("configs[" + i + "] is empty");
                }
                // an unnamed check can still run (all must pass), it just cannot be named in booleanExpr
                String name = check.name() == null || check.name().isBlank() ? "configs[" + i + "]" : check.name();
                if (checks.containsKey(name)) {
                    throw new InvalidAuthConfigException("two checks are named '" + name + "'");
                }
                checks.put(name, compileCheck(configId, policy.getNamespace(), name, check, secrets));
                names.add(name);
            }
            BooleanExpr expr = spec.booleanExpr() == null || spec.booleanExpr().isBlank()
                    ? BooleanExpr.allOf(names)
                    : BooleanExprParser.parse(spec.booleanExpr());
            for (String name : expr.names()) {
                if (!checks.containsKey(name)) {
                    throw new InvalidAuthConfigException("booleanExpr names '" + name + "', which is not a check of "
                            + "this config " + names);
                }
            }
            return new CompiledAuthConfig(configId, policy.getVersion(), checks, expr,
                    Boolean.TRUE.equals(spec.failOnRedirect()), properties.evaluatorTimeout(), errors);
        } catch (InvalidAuthConfigException | RuntimeException e) {
            checks.values().forEach(c -> c.evaluator().close());
            if (e instanceof RuntimeException runtime) {
                throw new InvalidAuthConfigException("compiling failed: " + runtime, runtime);
            }
            throw e;
        }
    }

    private CompiledCheck compileCheck(String configId, String namespace, String name, AuthCheck check,
            PolicySecrets secrets) throws InvalidAuthConfigException {
        AuthEvaluatorFactory factory;
        try {
            factory = evaluators.factoryFor(check);
        } catch (InvalidAuthConfigException e) {
            throw new InvalidAuthConfigException("check '" + name + "': " + e.getMessage(), e);
        }
        try {
            AuthEvaluator evaluator = factory.compile(check, new EvaluatorContext(configId, namespace, name, secrets));
            return new CompiledCheck(name, factory.kind(), evaluator);
        } catch (InvalidAuthConfigException e) {
            throw new InvalidAuthConfigException("check '" + name + "' (" + factory.kind() + "): " + e.getMessage(), e);
        }
    }
}
