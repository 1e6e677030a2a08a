package dev.gantry.extauth.evaluator.apikey;

import dev.gantry.extauth.evaluator.AuthOutcome;
import java.util.Map;

/**
 * Who holds one API key.
 *
 * @param secret  {@code <namespace>/<name>} of the Secret the key came from: the caller's principal
 * @param digest  SHA-256 of the key
 * @param headers request headers to set for this caller, from the Secret's other entries
 */
record ApiKeyHolder(String secret, byte[] digest, Map<String, String> headers, AuthOutcome.Allow allow) {

    ApiKeyHolder(String secret, byte[] digest, Map<String, String> headers) {
        // built once: every request presenting this key gets the same answer
        this(secret, digest, headers, AuthOutcome.allow(headers, Map.of("principal", secret)));
    }
}
