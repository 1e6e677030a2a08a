package dev.gantry.translator.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.model.auth.AuthConfigSpec;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What extauth-service would trip on is refused, the message naming the field; Secrets are looked up. */
class AuthConfigCheckTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Secrets of namespace "team": alice (labels team=a), bob (team=b). */
    private static final SecretsView SECRETS = new SecretsView() {
        @Override
        public boolean exists(String namespace, String name) {
            return namespace.equals("team") && Set.of("alice", "bob").contains(name);
        }

        @Override
        public List<String> selected(String namespace, Map<String, String> labels) {
            return labels.equals(Map.of("team", "a")) ? List.of("team/alice") : List.of();
        }
    };

    @Test
    void aConfigCombiningChecksIsAcceptedAndNamesItsSecrets() {
        AuthConfigSpec spec = spec("""
                configs:
                - {name: keys, apiKeyAuth: {apiKeySecretRefs: [{name: bob}]}}
                - {name: team, apiKeyAuth: {labelSelector: {team: a}}}
                - {name: jwt, oauth2: {accessTokenValidation: {jwt: {remoteJwks: {url: "https://i/jwks"}}}}}
                - name: login
                  oauth2:
                    oidcAuthorizationCode: {clientId: c, clientSecretRef: {name: alice, namespace: team},
                      issuerUrl: "https://i", appUrl: "https://app", callbackPath: /cb}
                booleanExpr: "(keys || team) && !(jwt) || login"
                """);
        assertThat(AuthConfigCheck.problem("team", spec, SECRETS)).isNull();
        assertThat(AuthConfigCheck.secretsOf("team", spec, SECRETS)).containsExactly("team/alice", "team/bob");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', textBlock = """
            no configs ; configs: [] ; spec.configs: empty
            a check of no kind ; configs: [{name: x}] ; spec.configs[0]: no kind of check
            a check of two kinds ; configs: [{basicAuth: {apr: {users: {a: {salt: s, hashedPassword: h}}}}, jwt: {}}] ; spec.configs[0]: several kinds of check [basicAuth, jwt]
            two configs of one name ; configs: [{name: a, jwt: {}}, {name: a, jwt: {}}] ; spec.configs[1].name: "a" names two configs
            a missing Secret ; configs: [{apiKeyAuth: {apiKeySecretRefs: [{name: carol}]}}] ; spec.configs[0]: Secret team/carol not found
            a Secret of another namespace ; configs: [{apiKeyAuth: {apiKeySecretRefs: [{name: alice, namespace: other}]}}] ; Secret other/alice is in another namespace
            an api key check naming no Secret ; configs: [{apiKeyAuth: {headerName: x}}] ; spec.configs[0].apiKeyAuth: names no Secret
            an unknown name in booleanExpr ; {configs: [{name: a, jwt: {}}], booleanExpr: "a || b"} ; spec.booleanExpr: "b" names no config
            a malformed booleanExpr ; {configs: [{name: a, jwt: {}}], booleanExpr: "(a &&"} ; spec.booleanExpr: unexpected end at 5
            an OIDC config without issuer ; configs: [{oauth2: {oidcAuthorizationCode: {clientId: c, appUrl: a, callbackPath: /cb}}}] ; oidcAuthorizationCode.issuerUrl: missing
            an OIDC client without authentication ; configs: [{oauth2: {oidcAuthorizationCode: {clientId: c, issuerUrl: i, appUrl: a, callbackPath: /cb}}}] ; oidcAuthorizationCode: exactly one of clientSecretRef
            an OIDC client with two authentications ; configs: [{oauth2: {oidcAuthorizationCode: {clientId: c, issuerUrl: i, appUrl: a, callbackPath: /cb, clientSecretRef: {name: alice}, clientAuthentication: {privateKeyJwt: {signingKeyRef: {name: bob}}}}}}] ; oidcAuthorizationCode: exactly one of clientSecretRef
            both JWKS sources ; configs: [{oauth2: {accessTokenValidation: {jwt: {remoteJwks: {url: u}, localJwks: {inlineString: s}}}}}] ; jwt: exactly one of remoteJwks and localJwks
            an LDAP template without the user ; configs: [{ldap: {address: "ldap://l", userDnTemplate: "uid=x"}}] ; spec.configs[0].ldap.userDnTemplate: must contain %s
            a pass-through to nowhere ; configs: [{passThroughAuth: {config: {}}}] ; passThroughAuth: exactly one of grpc and http
            basic auth without users ; configs: [{basicAuth: {realm: r}}] ; spec.configs[0].basicAuth.apr.users: empty
            """)
    void badInputIsRefusedNamingTheField(String what, String yaml, String message) {
        assertThat(AuthConfigCheck.problem("team", spec(yaml), SECRETS)).as(what).isNotNull().contains(message);
    }

    @Test
    void booleanExpressionsAreReadWithPrecedenceAndTheirNamesInOrder() {
        assertThat(BooleanExpr.names("!a&&(b||c.d-e_f)  ||  a")).containsExactly("a", "b", "c.d-e_f");
        assertThatThrownBy(() -> BooleanExpr.names("a b")).hasMessage("unexpected \"b\" at 2");
        assertThatThrownBy(() -> BooleanExpr.names("a ||")).hasMessage("unexpected end at 4");
        assertThatThrownBy(() -> BooleanExpr.names("")).hasMessage("unexpected end at 0");
        assertThatThrownBy(() -> BooleanExpr.names("a & b")).hasMessageStartingWith("unexpected \"&\"");
    }

    private static AuthConfigSpec spec(String yaml) {
        return JSON.convertValue(new org.yaml.snakeyaml.Yaml().load(yaml), AuthConfigSpec.class);
    }
}
