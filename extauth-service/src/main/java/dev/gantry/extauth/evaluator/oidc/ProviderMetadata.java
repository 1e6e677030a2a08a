package dev.gantry.extauth.evaluator.oidc;

import java.net.URI;

/** What the provider's discovery document says (OpenID Connect Discovery 1.0 §3), as far as the flow needs it. */
record ProviderMetadata(String issuer, URI authorizationEndpoint, URI tokenEndpoint, URI jwksUri) {
}
