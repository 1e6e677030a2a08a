package dev.gantry.extauth.evaluator.oidc;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.factories.DefaultJWSSignerFactory;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Map;
import java.util.UUID;

/** How the client proves itself at the provider's token endpoint (OIDC Core §9). */
sealed interface ClientAuthentication {

    /** Adds the proof to a token request: a header, or form parameters. */
    void authenticate(URI tokenEndpoint, Map<String, String> form, Map<String, String> headers);

    /** {@code client_secret_basic}: HTTP Basic with the form-encoded client id and secret (RFC 6749 §2.3.1). */
    record ClientSecretBasic(String clientId, String clientSecret) implements ClientAuthentication {

        @Override
        public void authenticate(URI tokenEndpoint, Map<String, String> form, Map<String, String> headers) {
            headers.put("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    (ProviderClient.form(clientId) + ":" + ProviderClient.form(clientSecret))
                            .getBytes(StandardCharsets.UTF_8)));
        }

        @Override
        public String toString() {
            return "client_secret_basic"; // never the secret
        }
    }

    /**
     * {@code private_key_jwt} (RFC 7523 §2.2): a JWT the client signs with its private key, naming the client as
     * issuer and subject and the token endpoint as audience, used once ({@code jti}) and short-lived.
     */
    final class PrivateKeyJwt implements ClientAuthentication {

        private static final String ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

        private final String clientId;
        private final JWK key;
        private final JWSAlgorithm algorithm;
        private final JWSSigner signer;
        private final Duration validFor;
        private final Clock clock;

        /** @throws IllegalArgumentException when the key is neither an RSA nor an EC private key */
        PrivateKeyJwt(String clientId, JWK key, Duration validFor, Clock clock) {
            this.clientId = clientId;
            this.key = key;
            this.validFor = validFor;
            this.clock = clock;
            if (key instanceof RSAKey rsa && rsa.isPrivate()) {
                algorithm = JWSAlgorithm.RS256;
            } else if (key instanceof ECKey ec && ec.isPrivate()) {
                algorithm = Curve.P_256.equals(ec.getCurve()) ? JWSAlgorithm.ES256
                        : Curve.P_384.equals(ec.getCurve()) ? JWSAlgorithm.ES384 : JWSAlgorithm.ES512;
            } else {
                throw new IllegalArgumentException("not an RSA or EC private key");
            }
            try {
                signer = new DefaultJWSSignerFactory().createJWSSigner(key, algorithm);
            } catch (JOSEException e) {
                throw new IllegalArgumentException("cannot sign " + algorithm + " with this key", e);
            }
        }

        @Override
        public void authenticate(URI tokenEndpoint, Map<String, String> form, Map<String, String> headers) {
            Instant now = clock.instant();
            JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(clientId).subject(clientId)
                    .audience(tokenEndpoint.toString()).jwtID(UUID.randomUUID().toString())
                    .issueTime(Date.from(now)).expirationTime(Date.from(now.plus(validFor))).build();
            SignedJWT assertion = new SignedJWT(new JWSHeader.Builder(algorithm).keyID(key.getKeyID()).build(), claims);
            try {
                assertion.sign(signer);
            } catch (JOSEException e) {
                throw new IllegalStateException("could not sign the client assertion", e);
            }
            form.put("client_id", clientId);
            form.put("client_assertion_type", ASSERTION_TYPE);
            form.put("client_assertion", assertion.serialize());
        }

        @Override
        public String toString() {
            return "private_key_jwt (" + algorithm + ")";
        }
    }
}
