package dev.gantry.extauth.evaluator.apikey;

import dev.gantry.extauth.evaluator.AuthEvaluator;
import dev.gantry.extauth.evaluator.AuthEvaluatorFactory;
import dev.gantry.extauth.evaluator.EvaluatorContext;
import dev.gantry.extauth.evaluator.InvalidAuthConfigException;
import dev.gantry.extauth.secrets.OpenedSecret;
import dev.gantry.model.auth.AuthCheck;
import dev.gantry.model.common.ResourceRef;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * {@code apiKeyAuth}: the keys are the {@code api-key} entries of the referenced and label-selected Secrets. Only
 * their SHA-256 digests are kept; the other entries named by {@code headersFromMetadataEntry} become request
 * headers of the caller that presents that key.
 */
@Component
public class ApiKeyEvaluatorFactory implements AuthEvaluatorFactory {

    static final String KEY_ENTRY = "api-key";
    static final String DEFAULT_HEADER = "api-key";

    @Override
    public String kind() {
        return "apiKeyAuth";
    }

    @Override
    public boolean appliesTo(AuthCheck check) {
        return check.apiKeyAuth() != null;
    }

    @Override
    public AuthEvaluator compile(AuthCheck check, EvaluatorContext context) throws InvalidAuthConfigException {
        AuthCheck.ApiKeyAuth spec = check.apiKeyAuth();
        String header = spec.headerName() == null || spec.headerName().isBlank() ? DEFAULT_HEADER : spec.headerName();
        List<OpenedSecret> secrets = new ArrayList<>();
        if (spec.apiKeySecretRefs() != null) {
            for (ResourceRef ref : spec.apiKeySecretRefs()) {
                secrets.add(context.secrets().find(ref).orElseThrow(() -> new InvalidAuthConfigException(
                        "Secret " + ref.name() + " is referenced but was not shipped with the config")));
            }
        }
        if (spec.labelSelector() != null && !spec.labelSelector().isEmpty()) {
            secrets.addAll(context.secrets().select(spec.labelSelector()));
        }
        Map<String, AuthCheck.SecretKeyHeader> headers = spec.headersFromMetadataEntry() == null ? Map.of()
                : spec.headersFromMetadataEntry();
        Map<ByteBuffer, ApiKeyHolder> holders = new HashMap<>();
        for (OpenedSecret secret : secrets) {
            if (holders.values().stream().anyMatch(h -> h.secret().equals(secret.namespace() + "/" + secret.name()))) {
                continue; // referenced and selected: one Secret, one key
            }
            byte[] key = secret.bytes(KEY_ENTRY).orElseThrow(() -> new InvalidAuthConfigException(
                    secret + " has no entry '" + KEY_ENTRY + "'"));
            if (key.length == 0) {
                throw new InvalidAuthConfigException(secret + " has an empty '" + KEY_ENTRY + "'");
            }
            ApiKeyHolder holder = new ApiKeyHolder(secret.namespace() + "/" + secret.name(), ApiKeyDigest.of(key),
                    headersOf(secret, headers));
            ApiKeyHolder clash = holders.put(ByteBuffer.wrap(holder.digest()), holder);
            if (clash != null) {
                // ambiguous: the caller's identity would depend on which Secret was read last
                throw new InvalidAuthConfigException(secret + " and Secret " + clash.secret()
                        + " hold the same API key");
            }
        }
        return new ApiKeyEvaluator(header, holders);
    }

    private static Map<String, String> headersOf(OpenedSecret secret, Map<String, AuthCheck.SecretKeyHeader> headers)
            throws InvalidAuthConfigException {
        Map<String, String> values = new LinkedHashMap<>();
        for (Map.Entry<String, AuthCheck.SecretKeyHeader> header : headers.entrySet()) {
            String entry = header.getValue().name();
            var value = secret.text(entry);
            if (value.isPresent()) {
                values.put(header.getKey(), value.get());
            } else if (Boolean.TRUE.equals(header.getValue().required())) {
                throw new InvalidAuthConfigException(secret + " lacks entry '" + entry + "' required for header "
                        + header.getKey());
            }
        }
        return values;
    }
}
