package dev.gantry.xds.auth;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import com.google.protobuf.util.JsonFormat;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * The {@code exp} claim of a ServiceAccount token (a JWT), read only after the TokenReview API accepted the token,
 * so the signature is Kubernetes' to check, not ours. A token that is not a JWT or carries no {@code exp} has no
 * known expiry: its stream then lasts until the client ends it.
 */
final class TokenExpiry {

    private TokenExpiry() {
    }

    static Optional<Instant> of(String token) {
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            return Optional.empty();
        }
        try {
            String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
            Struct.Builder claims = Struct.newBuilder();
            JsonFormat.parser().ignoringUnknownFields().merge(payload, claims);
            Value exp = claims.getFieldsMap().get("exp");
            if (exp == null || exp.getKindCase() != Value.KindCase.NUMBER_VALUE) {
                return Optional.empty();
            }
            return Optional.of(Instant.ofEpochSecond((long) exp.getNumberValue()));
        } catch (IllegalArgumentException | InvalidProtocolBufferException e) {
            return Optional.empty();
        }
    }
}
