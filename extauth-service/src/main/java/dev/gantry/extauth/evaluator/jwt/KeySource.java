package dev.gantry.extauth.evaluator.jwt;

import com.nimbusds.jose.jwk.JWKSet;
import java.util.concurrent.CompletionStage;

/** Where a JWT check's verification keys come from. */
interface KeySource extends AutoCloseable {

    /** The keys held now (possibly empty before a remote JWKS first arrived); never blocks. */
    JWKSet current();

    /**
     * Asks for fresh keys because a token names a key not held: completes with the keys after a download, or at
     * once with the current ones when a download is not allowed yet (local JWKS, or one happened very recently).
     */
    CompletionStage<JWKSet> refetch();

    @Override
    default void close() {
    }
}
