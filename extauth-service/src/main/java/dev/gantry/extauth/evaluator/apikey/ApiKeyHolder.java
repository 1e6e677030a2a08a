package dev.gantry.extauth.evaluator.apikey;

import java.util.Map;

/**
 * Who holds one API key.
 *
 * @param secret  {@code <namespace>/<name>} of the Secret the key came from: the caller's principal
 * @param digest  SHA-256 of the key
 * @param headers request headers to set for this caller, from the Secret's other entries
 */
record ApiKeyHolder(String secret, byte[] digest, Map<String, String> headers) {
}
