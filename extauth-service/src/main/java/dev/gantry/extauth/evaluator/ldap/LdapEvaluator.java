package dev.gantry.extauth.evaluator.ldap;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.LDAPException;
import dev.gantry.extauth.evaluator.AuthEvaluator;
import dev.gantry.extauth.evaluator.AuthOutcome;
import dev.gantry.extauth.evaluator.AuthRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Basic credentials against LDAP: no or bad credentials get 401 with the Basic challenge (a wrong password and an
 * unknown user look the same), a user outside {@code allowedGroups} 403. The server being unreachable is an error
 * (the engine refuses with 503), never a pass.
 */
final class LdapEvaluator implements AuthEvaluator {

    private static final Logger log = LoggerFactory.getLogger(LdapEvaluator.class);

    private final LdapDirectory directory;
    private final Executor executor;
    /** null when group checking is off. */
    private final List<DN> allowedGroups;
    private final AuthOutcome.Deny challenge;

    LdapEvaluator(LdapDirectory directory, Executor executor, List<DN> allowedGroups, String challenge) {
        this.directory = directory;
        this.executor = executor;
        this.allowedGroups = allowedGroups == null ? null : List.copyOf(allowedGroups);
        this.challenge = AuthOutcome.unauthorized(challenge);
    }

    @Override
    public CompletionStage<AuthOutcome> evaluate(AuthRequest request) {
        String[] credentials = basicCredentials(request.header("authorization"));
        if (credentials == null) {
            return CompletableFuture.completedFuture(challenge);
        }
        return CompletableFuture.supplyAsync(() -> decide(credentials[0], credentials[1]), executor);
    }

    private AuthOutcome decide(String user, String password) {
        LdapDirectory.Answer answer;
        try {
            answer = directory.authenticate(user, password);
        } catch (LDAPException e) {
            // the result code only: diagnostic messages may echo the bind DN
            throw new CompletionException(new IllegalStateException("LDAP server could not be asked: "
                    + e.getResultCode()));
        }
        if (answer instanceof LdapDirectory.Answer.Bound bound) {
            List<String> matched = matchingGroups(bound.groups());
            if (allowedGroups != null && matched.isEmpty()) {
                log.debug("LDAP user bound but is in none of the allowed groups");
                return AuthOutcome.forbidden();
            }
            Map<String, Object> state = new LinkedHashMap<>();
            state.put("principal", user);
            state.put("userDn", bound.userDn());
            state.put("groups", bound.groups());
            return AuthOutcome.allow(Map.of(), state);
        }
        log.debug("LDAP bind refused");
        return challenge;
    }

    private List<String> matchingGroups(List<String> groups) {
        List<String> matched = new ArrayList<>();
        if (allowedGroups == null) {
            return matched;
        }
        for (String group : groups) {
            try {
                // DN equality is normalized: case and spacing of attribute names and values do not matter
                if (allowedGroups.contains(new DN(group))) {
                    matched.add(group);
                }
            } catch (LDAPException e) {
                // a value that is not a DN matches no group
            }
        }
        return matched;
    }

    /** {@code [user, password]} from {@code Authorization: Basic}, or null. */
    static String[] basicCredentials(String authorization) {
        if (authorization == null || authorization.length() < 7
                || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(6).strip()),
                    StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0) {
            return null;
        }
        return new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
    }

    @Override
    public void close() {
        directory.close();
    }
}
