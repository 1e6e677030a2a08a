package dev.gantry.translator.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.gantry.model.auth.AuthConfig;
import dev.gantry.model.ratelimit.RateLimitConfig;
import dev.gantry.proto.PolicyConfig;
import dev.gantry.proto.SealedSecret;
import dev.gantry.proto.secrets.SecretCipher;
import dev.gantry.translator.model.ResourceIndex;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What ratelimit-service and extauth-service get (docs/architecture.md, "Redis: policy configurations"): a
 * {@link PolicyConfig} per accepted RateLimitConfig and AuthConfig of the index, its spec as gantry-model's record
 * writes it and, for an AuthConfig, the Secrets it names or selects exactly as the watcher published them (sealed:
 * the translator never opens them). Rejected ones are left out (the caller removes them). Pure but for the index;
 * deterministic (sorted keys), so equal input gives byte-equal output and a writer can tell a change by content.
 * {@code version} is left for the writer.
 */
public final class PolicyConfigs {

    public static final String RATE_LIMIT_CONFIG = "RateLimitConfig";
    public static final String AUTH_CONFIG = "AuthConfig";

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    private PolicyConfigs() {
    }

    /** Every accepted policy, keyed {@code <kind>/<namespace>/<name>}, sorted. */
    public static Map<String, PolicyConfig> of(ResourceIndex index) {
        Map<String, PolicyConfig> configs = new TreeMap<>();
        for (RateLimitConfig config : index.rateLimitConfigs()) {
            if (RateLimitConfigCheck.problem(config.getSpec()) == null) {
                PolicyConfig built = base(RATE_LIMIT_CONFIG, config.getMetadata().getNamespace(),
                        config.getMetadata().getName(), config.getMetadata().getGeneration(), config.getSpec()).build();
                configs.put(key(built), built);
            }
        }
        IndexedSecrets secrets = new IndexedSecrets(index);
        for (AuthConfig config : index.authConfigs()) {
            String namespace = config.getMetadata().getNamespace();
            if (AuthConfigCheck.problem(namespace, config.getSpec(), secrets) != null) {
                continue;
            }
            PolicyConfig.Builder built = base(AUTH_CONFIG, namespace, config.getMetadata().getName(),
                    config.getMetadata().getGeneration(), config.getSpec());
            for (String secretKey : AuthConfigCheck.secretsOf(namespace, config.getSpec(), secrets)) {
                int slash = secretKey.indexOf('/');
                Optional<Secret> secret = index.secret(secretKey.substring(0, slash), secretKey.substring(slash + 1));
                secret.ifPresent(found -> built.putSecrets(secretKey, sealed(found)));
            }
            PolicyConfig done = built.build();
            configs.put(key(done), done);
        }
        return configs;
    }

    public static String key(PolicyConfig config) {
        return config.getKind() + "/" + config.getNamespace() + "/" + config.getName();
    }

    private static PolicyConfig.Builder base(String kind, String namespace, String name, Long generation, Object spec) {
        try {
            return PolicyConfig.newBuilder().setKind(kind).setNamespace(namespace).setName(name)
                    .setGeneration(generation == null ? 0 : generation)
                    .setSpecJson(JSON.writeValueAsString(spec));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the spec of " + kind + " " + namespace + "/" + name + " has no JSON", e);
        }
    }

    /** The Secret's entries as published: envelopes as they are; plain entries (a watcher without a key) decoded. */
    static SealedSecret sealed(Secret secret) {
        SealedSecret.Builder sealed = SealedSecret.newBuilder()
                .setNamespace(secret.getMetadata().getNamespace())
                .setName(secret.getMetadata().getName())
                .setType(secret.getType() == null ? "" : secret.getType());
        if (secret.getMetadata().getLabels() != null) {
            sealed.putAllLabels(secret.getMetadata().getLabels());
        }
        if (secret.getStringData() != null) {
            secret.getStringData().forEach((entry, value) -> {
                if (value != null) {
                    sealed.putData(entry, value);
                }
            });
        }
        if (secret.getData() != null) {
            secret.getData().forEach((entry, value) -> {
                if (value != null) {
                    sealed.putData(entry, SecretCipher.isEnvelope(value) ? value : decoded(value));
                }
            });
        }
        return sealed.build();
    }

    private static String decoded(String base64) {
        try {
            return new String(Base64.getMimeDecoder().decode(base64), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return base64; // not base64: a manifest that wrote the value as is
        }
    }

    /** The kinds, for a writer that walks every kind's index. */
    public static List<String> kinds() {
        return new ArrayList<>(List.of(RATE_LIMIT_CONFIG, AUTH_CONFIG));
    }
}
