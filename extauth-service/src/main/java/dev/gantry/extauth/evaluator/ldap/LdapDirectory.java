package dev.gantry.extauth.evaluator.ldap;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.RDN;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.SimpleBindRequest;
import java.util.List;
import java.util.Optional;

/**
 * The LDAP side of a check: binds as the user on a pooled connection, reads the user's group DNs, and hands the
 * connection back anonymous again, so no request ever runs with another user's rights.
 */
final class LdapDirectory implements AutoCloseable {

    /** What the server said about one user. */
    sealed interface Answer {
        /** The password is wrong, the user is unknown, or the user name cannot be a DN (all look the same). */
        record BadCredentials() implements Answer {
        }

        record Bound(String userDn, List<String> groups) implements Answer {
        }
    }

    private final LDAPConnectionPool pool;
    private final String userDnTemplate;
    private final Filter searchFilter;
    private final String membershipAttribute;

    LdapDirectory(LDAPConnectionPool pool, String userDnTemplate, Filter searchFilter, String membershipAttribute) {
        this.pool = pool;
        this.userDnTemplate = userDnTemplate;
        this.searchFilter = searchFilter;
        this.membershipAttribute = membershipAttribute;
    }

    /**
     * Blocks for at most the pool's timeouts.
     *
     * @throws LDAPException when the server cannot be asked (down, timed out): not an answer about the user
     */
    Answer authenticate(String user, String password) throws LDAPException {
        Optional<String> userDn = userDn(user);
        if (userDn.isEmpty() || password.isEmpty()) {
            // an empty password would be an unauthenticated bind, which servers accept for any DN (RFC 4513 5.1.2)
            return new Answer.BadCredentials();
        }
        LDAPConnection connection = pool.getConnection();
        try {
            try {
                connection.bind(new SimpleBindRequest(userDn.get(), password));
            } catch (LDAPException e) {
                if (e.getResultCode() == ResultCode.INVALID_CREDENTIALS
                        || e.getResultCode() == ResultCode.INVALID_DN_SYNTAX
                        || e.getResultCode() == ResultCode.NO_SUCH_OBJECT) {
                    pool.releaseConnection(connection);
                    return new Answer.BadCredentials();
                }
                throw e;
            }
            SearchResult result = connection.search(userDn.get(), SearchScope.BASE, searchFilter,
                    membershipAttribute);
            List<String> groups = List.of();
            if (result.getEntryCount() > 0) {
                SearchResultEntry entry = result.getSearchEntries().get(0);
                String[] values = entry.getAttributeValues(membershipAttribute);
                groups = values == null ? List.of() : List.of(values);
            }
            connection.bind(new SimpleBindRequest()); // anonymous again before anyone else borrows it
            pool.releaseConnection(connection);
            return new Answer.Bound(userDn.get(), groups);
        } catch (LDAPException e) {
            pool.releaseConnectionAfterException(connection, e);
            throw e;
        } catch (RuntimeException e) {
            pool.releaseDefunctConnection(connection);
            throw e;
        }
    }

    /** The template with the user name escaped as an attribute value (RFC 4514), so it cannot add RDNs. */
    private Optional<String> userDn(String user) {
        if (user.isEmpty()) {
            return Optional.empty();
        }
        // RDN's own escaping: render a one-value RDN and keep what follows "x="
        String escaped = new RDN("x", user).toString().substring(2);
        String dn = userDnTemplate.replace("%s", escaped);
        try {
            new DN(dn);
            return Optional.of(dn);
        } catch (LDAPException e) {
            return Optional.empty();
        }
    }

    @Override
    public void close() {
        pool.close();
    }
}
