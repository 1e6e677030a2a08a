package dev.gantry.extauth.policy;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.gantry.extauth.engine.AuthConfigCompiler;
import dev.gantry.extauth.engine.AuthConfigs;
import dev.gantry.extauth.engine.CompiledAuthConfig;
import dev.gantry.extauth.evaluator.InvalidAuthConfigException;
import dev.gantry.proto.PolicyConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Loads one AuthConfig from Redis, compiles it and puts it in service when it is newer than what is held. A
 * version that does not compile is logged and counted once, and held as rejected (its requests get 403).
 */
@Component
public class AuthConfigLoader {

    private static final Logger log = LoggerFactory.getLogger(AuthConfigLoader.class);

    /** What became of one load, for callers and tests. */
    public enum Outcome { APPLIED, REMOVED, UP_TO_DATE, ABSENT, REJECTED }

    private final PolicyReader reader;
    private final AuthConfigCompiler compiler;
    private final AuthConfigs configs;
    private final MeterRegistry meters;

    public AuthConfigLoader(PolicyReader reader, AuthConfigCompiler compiler, AuthConfigs configs,
            MeterRegistry meters) {
        this.reader = reader;
        this.compiler = compiler;
        this.configs = configs;
        this.meters = meters;
    }

    /** Loads the config unless its version in Redis shows nothing new (the cheap check of a reconcile pass). */
    public Outcome loadIfNewer(String namespace, String name) {
        Long version = reader.version(namespace, name);
        if (version == null) {
            return Outcome.ABSENT;
        }
        if (version <= configs.heldVersion(AuthConfigCompiler.configId(namespace, name))) {
            return Outcome.UP_TO_DATE;
        }
        return apply(reader.read(namespace, name));
    }

    public Outcome apply(StoredPolicy stored) {
        if (!stored.exists()) {
            return Outcome.ABSENT;
        }
        String configId = stored.configId();
        long version = stored.version();
        if (version <= configs.heldVersion(configId)) {
            return Outcome.UP_TO_DATE;
        }
        if (stored.removed()) {
            if (configs.remove(configId, version)) {
                log.info("AuthConfig {} removed at version {}", configId, version);
                return Outcome.REMOVED;
            }
            return Outcome.UP_TO_DATE;
        }
        CompiledAuthConfig compiled;
        try {
            PolicyConfig policy = PolicyConfig.parseFrom(stored.data());
            if (!PolicyReader.KIND.equals(policy.getKind())) {
                throw new InvalidAuthConfigException("holds a PolicyConfig of kind '" + policy.getKind() + "'");
            }
            // the hash's version is the fence the translator wrote; the proto's copy may lag behind
            compiled = compiler.compile(policy.toBuilder().setVersion(version).build());
        } catch (InvalidProtocolBufferException e) {
            return reject(configId, version, "data is not a PolicyConfig");
        } catch (InvalidAuthConfigException e) {
            return reject(configId, version, e.getMessage());
        }
        if (!configs.apply(configId, new AuthConfigs.Held(version, compiled))) {
            return Outcome.UP_TO_DATE;
        }
        Counter.builder("gantry.extauth.configs.applied").description("AuthConfig versions put into service")
                .register(meters).increment();
        log.info("AuthConfig {} version {} in service", configId, version);
        return Outcome.APPLIED;
    }

    private Outcome reject(String configId, long version, String why) {
        if (!configs.apply(configId, new AuthConfigs.Held(version, null))) {
            return Outcome.UP_TO_DATE;
        }
        log.error("AuthConfig {} version {} refused, its requests are denied (403) until a good version: {}",
                configId, version, why);
        Counter.builder("gantry.extauth.configs.rejected").description("AuthConfig versions that did not compile")
                .register(meters).increment();
        return Outcome.REJECTED;
    }
}
