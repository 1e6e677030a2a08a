package dev.gantry.extauth.evaluator.apikey;

import dev.gantry.extauth.evaluator.AuthEvaluator;
import dev.gantry.extauth.evaluator.AuthOutcome;
import dev.gantry.extauth.evaluator.AuthRequest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;

/**
 * Looks the presented key up by its SHA-256 digest and compares the digests in constant time. A missing and a
 * wrong key get the same 401, so a caller learns nothing about which keys exist.
 */
final class ApiKeyEvaluator implements AuthEvaluator.Sync {

    private final String header;
    private final Map<ByteBuffer, ApiKeyHolder> holders;
    private final AuthOutcome denied = AuthOutcome.unauthorized(null);

    ApiKeyEvaluator(String header, Map<ByteBuffer, ApiKeyHolder> holders) {
        this.header = header;
        this.holders = Map.copyOf(holders);
    }

    @Override
    public AuthOutcome decide(AuthRequest request) {
        String presented = request.header(header);
        if (presented == null || presented.isEmpty()) {
            return denied;
        }
        byte[] digest = ApiKeyDigest.of(presented.getBytes(StandardCharsets.UTF_8));
        ApiKeyHolder holder = holders.get(ByteBuffer.wrap(digest));
        // the map lookup already matched the digest; compare it again in constant time so that no branch above
        // depends on how much of a stored digest the presented one shares
        if (holder == null || !MessageDigest.isEqual(holder.digest(), digest)) {
            return denied;
        }
        return holder.allow();
    }
}
