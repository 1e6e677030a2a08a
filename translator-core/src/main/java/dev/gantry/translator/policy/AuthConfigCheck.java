package dev.gantry.translator.policy;

import dev.gantry.model.auth.AuthCheck;
import dev.gantry.model.auth.AuthConfigSpec;
import dev.gantry.model.common.ResourceRef;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Whether an AuthConfig can be served: extauth-service builds what the translator accepted without judging it again,
 * so what it would trip on is refused here, the message naming the field. The Secrets a check names must exist and be
 * in the AuthConfig's own namespace (a policy author must not be able to read another namespace's keys by naming
 * them). Pure, but for the Secrets it is shown.
 */
public final class AuthConfigCheck {

    private AuthConfigCheck() {
    }

    /** The first problem of {@code spec}, naming the field, or {@code null} when it can be served. */
    public static String problem(String namespace, AuthConfigSpec spec, SecretsView secrets) {
        List<AuthCheck> configs = spec == null || spec.configs() == null ? List.of()
                : spec.configs().stream().filter(Objects::nonNull).toList();
        if (configs.isEmpty()) {
            return "spec.configs: empty (an AuthConfig holds at least one check)";
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < configs.size(); i++) {
            String where = "spec.configs[" + i + "]";
            AuthCheck check = configs.get(i);
            List<String> kinds = kinds(check);
            if (kinds.size() != 1) {
                return where + ": " + (kinds.isEmpty() ? "no kind of check" : "several kinds of check " + kinds)
                        + " (exactly one of basicAuth, apiKeyAuth, oauth2, jwt, opaAuth, opaServerAuth, ldap, "
                        + "passThroughAuth, hmacAuth)";
            }
            if (check.name() != null && !names.add(check.name())) {
                return where + ".name: \"" + check.name() + "\" names two configs";
            }
            String found = kindProblem(where, check);
            if (found == null) {
                found = secretProblem(where, namespace, check, secrets);
            }
            if (found != null) {
                return found;
            }
        }
        if (spec.booleanExpr() != null && !spec.booleanExpr().isBlank()) {
            Set<String> used;
            try {
                used = BooleanExpr.names(spec.booleanExpr());
            } catch (IllegalArgumentException e) {
                return "spec.booleanExpr: " + e.getMessage();
            }
            for (String name : used) {
                if (!names.contains(name)) {
                    return "spec.booleanExpr: \"" + name + "\" names no config (configs: " + names.stream().sorted().toList() + ")";
                }
            }
        }
        return null;
    }

    /** {@code <namespace>/<name>} of every Secret {@code spec} reads (by name or by labels), sorted, distinct. */
    public static List<String> secretsOf(String namespace, AuthConfigSpec spec, SecretsView secrets) {
        Set<String> keys = new java.util.TreeSet<>();
        for (AuthCheck check : spec == null || spec.configs() == null ? List.<AuthCheck>of() : spec.configs()) {
            if (check == null) {
                continue;
            }
            for (ResourceRef ref : check.secretRefs()) {
                if (ref != null && ref.name() != null) {
                    keys.add((ref.namespace() == null ? namespace : ref.namespace()) + "/" + ref.name());
                }
            }
            for (Map<String, String> selector : check.secretSelectors()) {
                keys.addAll(secrets.selected(namespace, selector));
            }
        }
        return List.copyOf(keys);
    }

    private static String secretProblem(String where, String namespace, AuthCheck check, SecretsView secrets) {
        for (ResourceRef ref : check.secretRefs()) {
            if (ref == null || ref.name() == null || ref.name().isBlank()) {
                return where + ": a Secret reference without a name";
            }
            if (ref.namespace() != null && !ref.namespace().equals(namespace)) {
                return where + ": Secret " + ref.namespace() + "/" + ref.name()
                        + " is in another namespace (an AuthConfig reads Secrets of its own namespace only)";
            }
            if (!secrets.exists(namespace, ref.name())) {
                return where + ": Secret " + namespace + "/" + ref.name() + " not found";
            }
        }
        return null;
    }

    private static String kindProblem(String where, AuthCheck check) {
        if (check.basicAuth() != null) {
            if (check.basicAuth().apr() == null || check.basicAuth().apr().users() == null
                    || check.basicAuth().apr().users().isEmpty()) {
                return where + ".basicAuth.apr.users: empty";
            }
        }
        if (check.apiKeyAuth() != null) {
            boolean byRef = check.apiKeyAuth().apiKeySecretRefs() != null && !check.apiKeyAuth().apiKeySecretRefs().isEmpty();
            boolean byLabel = check.apiKeyAuth().labelSelector() != null && !check.apiKeyAuth().labelSelector().isEmpty();
            if (!byRef && !byLabel) {
                return where + ".apiKeyAuth: names no Secret (apiKeySecretRefs or labelSelector)";
            }
        }
        if (check.oauth2() != null) {
            var oauth2 = check.oauth2();
            if ((oauth2.accessTokenValidation() == null) == (oauth2.oidcAuthorizationCode() == null)) {
                return where + ".oauth2: exactly one of accessTokenValidation and oidcAuthorizationCode";
            }
            var oidc = oauth2.oidcAuthorizationCode();
            if (oidc != null) {
                for (String[] field : new String[][] {{"clientId", oidc.clientId()}, {"issuerUrl", oidc.issuerUrl()},
                        {"appUrl", oidc.appUrl()}, {"callbackPath", oidc.callbackPath()}}) {
                    if (field[1] == null || field[1].isBlank()) {
                        return where + ".oauth2.oidcAuthorizationCode." + field[0] + ": missing";
                    }
                }
                var authentication = oidc.clientAuthentication();
                int ways = (oidc.clientSecretRef() != null ? 1 : 0)
                        + (authentication != null && authentication.clientSecret() != null ? 1 : 0)
                        + (authentication != null && authentication.privateKeyJwt() != null ? 1 : 0);
                if (ways != 1) {
                    return where + ".oauth2.oidcAuthorizationCode: exactly one of clientSecretRef, "
                            + "clientAuthentication.clientSecret and clientAuthentication.privateKeyJwt";
                }
            }
            var validation = oauth2.accessTokenValidation();
            if (validation != null) {
                boolean jwt = validation.jwt() != null;
                boolean introspection = validation.introspectionUrl() != null;
                if (jwt == introspection) {
                    return where + ".oauth2.accessTokenValidation: exactly one of jwt and introspectionUrl";
                }
                if (jwt && (validation.jwt().remoteJwks() == null) == (validation.jwt().localJwks() == null)) {
                    return where + ".oauth2.accessTokenValidation.jwt: exactly one of remoteJwks and localJwks";
                }
            }
        }
        if (check.ldap() != null) {
            if (check.ldap().address() == null || check.ldap().address().isBlank()) {
                return where + ".ldap.address: missing";
            }
            if (check.ldap().userDnTemplate() == null || !check.ldap().userDnTemplate().contains("%s")) {
                return where + ".ldap.userDnTemplate: must contain %s (the user name)";
            }
        }
        if (check.passThroughAuth() != null
                && (check.passThroughAuth().grpc() == null) == (check.passThroughAuth().http() == null)) {
            return where + ".passThroughAuth: exactly one of grpc and http";
        }
        if (check.hmacAuth() != null && check.hmacAuth().secretRefs() == null) {
            return where + ".hmacAuth.secretRefs: missing";
        }
        return null;
    }

    private static List<String> kinds(AuthCheck check) {
        List<String> kinds = new ArrayList<>(1);
        Object[][] all = {{"basicAuth", check.basicAuth()}, {"apiKeyAuth", check.apiKeyAuth()}, {"oauth2", check.oauth2()},
                {"jwt", check.jwt()}, {"opaAuth", check.opaAuth()}, {"opaServerAuth", check.opaServerAuth()},
                {"ldap", check.ldap()}, {"passThroughAuth", check.passThroughAuth()}, {"hmacAuth", check.hmacAuth()}};
        for (Object[] kind : all) {
            if (kind[1] != null) {
                kinds.add((String) kind[0]);
            }
        }
        return kinds;
    }
}
