package dev.gantry.extauth.evaluator.ldap;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.SingleServerSet;
import com.unboundid.util.ssl.JVMDefaultTrustManager;
import com.unboundid.util.ssl.SSLUtil;
import dev.gantry.extauth.evaluator.AuthEvaluator;
import dev.gantry.extauth.evaluator.AuthEvaluatorFactory;
import dev.gantry.extauth.evaluator.Durations;
import dev.gantry.extauth.evaluator.EvaluatorContext;
import dev.gantry.extauth.evaluator.InvalidAuthConfigException;
import dev.gantry.model.auth.AuthCheck;
import jakarta.annotation.PreDestroy;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.SocketFactory;
import org.springframework.stereotype.Component;

/**
 * {@code ldap}: HTTP Basic credentials checked by binding to an LDAP server as the user, then group membership read
 * from the user's entry. Each check keeps its own small pool of connections; LDAP calls block, so they run on a
 * shared pool of threads and never on the gRPC threads.
 */
@Component
public class LdapEvaluatorFactory implements AuthEvaluatorFactory {

    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    static final String DEFAULT_MEMBERSHIP_ATTRIBUTE = "memberOf";
    static final String DEFAULT_SEARCH_FILTER = "(objectClass=*)";
    static final int MAX_THREADS = 64;

    private final ExecutorService ldapThreads;

    public LdapEvaluatorFactory() {
        AtomicInteger count = new AtomicInteger();
        // threads exist only while LDAP calls are in flight, and never more than MAX_THREADS: a request beyond
        // that is refused (an error, 503) rather than queued behind a slow server
        this.ldapThreads = new ThreadPoolExecutor(0, MAX_THREADS, 60, TimeUnit.SECONDS, new SynchronousQueue<>(),
                r -> {
                    Thread t = new Thread(r, "gantry-ldap-" + count.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
    }

    @Override
    public String kind() {
        return "ldap";
    }

    @Override
    public boolean appliesTo(AuthCheck check) {
        return check.ldap() != null;
    }

    @Override
    public AuthEvaluator compile(AuthCheck check, EvaluatorContext context) throws InvalidAuthConfigException {
        AuthCheck.Ldap spec = check.ldap();
        String template = spec.userDnTemplate();
        if (template == null || !template.contains("%s")) {
            throw new InvalidAuthConfigException("userDnTemplate must contain %s, where the user name goes");
        }
        try {
            new DN(template.replace("%s", "placeholder"));
        } catch (LDAPException e) {
            throw new InvalidAuthConfigException("userDnTemplate is not a DN");
        }
        boolean checkGroups = !Boolean.TRUE.equals(spec.disableGroupChecking());
        List<DN> allowedGroups = new ArrayList<>();
        if (spec.allowedGroups() != null) {
            for (String group : spec.allowedGroups()) {
                try {
                    allowedGroups.add(new DN(group));
                } catch (LDAPException e) {
                    throw new InvalidAuthConfigException("allowedGroups: '" + group + "' is not a DN");
                }
            }
        }
        if (checkGroups && allowedGroups.isEmpty()) {
            throw new InvalidAuthConfigException("allowedGroups is empty (set disableGroupChecking to let any "
                    + "user who can bind in)");
        }
        Filter filter;
        try {
            filter = Filter.create(spec.searchFilter() == null || spec.searchFilter().isBlank()
                    ? DEFAULT_SEARCH_FILTER : spec.searchFilter());
        } catch (LDAPException e) {
            throw new InvalidAuthConfigException("searchFilter is not an LDAP filter");
        }
        String membership = spec.membershipAttributeName() == null || spec.membershipAttributeName().isBlank()
                ? DEFAULT_MEMBERSHIP_ATTRIBUTE : spec.membershipAttributeName();
        Duration timeout = Durations.parse(spec.timeout(), DEFAULT_TIMEOUT);
        LdapDirectory directory = new LdapDirectory(pool(spec, timeout), template, filter, membership);
        return new LdapEvaluator(directory, ldapThreads, checkGroups ? allowedGroups : null,
                "Basic realm=\"" + context.configId() + "\"");
    }

    private static LDAPConnectionPool pool(AuthCheck.Ldap spec, Duration timeout)
            throws InvalidAuthConfigException {
        LdapAddress address = LdapAddress.parse(spec.address());
        int max = spec.pool() == null || spec.pool().maxSize() == null ? 5 : spec.pool().maxSize();
        int initial = spec.pool() == null || spec.pool().initialSize() == null ? Math.min(2, max)
                : spec.pool().initialSize();
        if (max < 1 || initial < 0 || initial > max) {
            throw new InvalidAuthConfigException("pool needs 0 <= initialSize <= maxSize and maxSize >= 1");
        }
        LDAPConnectionOptions options = new LDAPConnectionOptions();
        int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        options.setConnectTimeoutMillis(millis);
        options.setResponseTimeoutMillis(millis);
        SocketFactory sockets = SocketFactory.getDefault();
        if (address.tls()) {
            try {
                sockets = new SSLUtil(JVMDefaultTrustManager.getInstance()).createSSLSocketFactory();
            } catch (GeneralSecurityException e) {
                throw new InvalidAuthConfigException("cannot set up TLS for ldaps: " + e.getClass().getSimpleName());
            }
        }
        try {
            // anonymous connections; not failing when the server is down at compile time: the pool reconnects
            LDAPConnectionPool pool = new LDAPConnectionPool(
                    new SingleServerSet(address.host(), address.port(), sockets, options), null, initial, max, null,
                    false);
            pool.setMaxWaitTimeMillis(millis);
            pool.setConnectionPoolName("gantry-ldap-" + address.host());
            return pool;
        } catch (LDAPException e) {
            throw new InvalidAuthConfigException("cannot set up the connection pool: " + e.getResultCode());
        }
    }

    @PreDestroy
    void stop() {
        ldapThreads.shutdownNow();
    }

    /** {@code host:port}, {@code ldap://host[:port]} or {@code ldaps://host[:port]}. */
    record LdapAddress(String host, int port, boolean tls) {

        static LdapAddress parse(String address) throws InvalidAuthConfigException {
            if (address == null || address.isBlank()) {
                throw new InvalidAuthConfigException("address is required");
            }
            String text = address.strip();
            URI uri;
            try {
                uri = URI.create(text.contains("://") ? text : "ldap://" + text);
            } catch (IllegalArgumentException e) {
                throw new InvalidAuthConfigException("address is not host:port or an ldap(s):// URL");
            }
            boolean tls = "ldaps".equalsIgnoreCase(uri.getScheme());
            if (!tls && !"ldap".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
                throw new InvalidAuthConfigException("address is not host:port or an ldap(s):// URL");
            }
            return new LdapAddress(uri.getHost(), uri.getPort() > 0 ? uri.getPort() : tls ? 636 : 389, tls);
        }
    }
}
