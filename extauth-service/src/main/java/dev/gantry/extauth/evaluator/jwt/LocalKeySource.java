package dev.gantry.extauth.evaluator.jwt;

import com.nimbusds.jose.jwk.JWKSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** An inline JWKS: fixed for the life of the config version. */
record LocalKeySource(JWKSet keys) implements KeySource {

    @Override
    public JWKSet current() {
        return keys;
    }

    @Override
    public CompletionStage<JWKSet> refetch() {
        return CompletableFuture.completedFuture(keys);
    }
}
