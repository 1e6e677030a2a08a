package dev.gantry.extauth.policy;

import dev.gantry.extauth.engine.AuthConfigCompiler;
import dev.gantry.extauth.engine.AuthConfigs;
import dev.gantry.extauth.evaluator.InvalidAuthConfigException;
import dev.gantry.proto.PolicyConfig;
import dev.gantry.support.policy.InvalidPolicyException;
import dev.gantry.support.policy.PolicyHolder;
import dev.gantry.support.policy.PolicyName;
import org.springframework.stereotype.Component;

/**
 * Compiles the AuthConfig versions the policy loader passes on and puts them in service. A version that does not
 * compile is held as rejected: its requests get 403 (fail closed) rather than keep granting what its owner may have
 * meant to revoke.
 */
@Component
public class AuthConfigHolder implements PolicyHolder {

    private final AuthConfigCompiler compiler;
    private final AuthConfigs configs;

    public AuthConfigHolder(AuthConfigCompiler compiler, AuthConfigs configs) {
        this.compiler = compiler;
        this.configs = configs;
    }

    @Override
    public void serve(PolicyName name, long version, PolicyConfig config) throws InvalidPolicyException {
        try {
            // the hash's version is the fence the translator wrote; the proto's copy may lag behind
            configs.put(name.configId(), new AuthConfigs.Held(version,
                    compiler.compile(config.toBuilder().setVersion(version).build())));
        } catch (InvalidAuthConfigException e) {
            throw new InvalidPolicyException(e.getMessage(), e);
        }
    }

    @Override
    public String refuse(PolicyName name, long version) {
        configs.put(name.configId(), new AuthConfigs.Held(version, null));
        return "its requests are denied (403) until a good version";
    }

    @Override
    public void remove(PolicyName name) {
        configs.remove(name.configId());
    }
}
