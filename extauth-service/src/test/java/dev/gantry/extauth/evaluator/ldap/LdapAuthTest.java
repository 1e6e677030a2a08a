package dev.gantry.extauth.evaluator.ldap;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.rpc.Code;
import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import dev.gantry.extauth.support.Requests;
import dev.gantry.extauth.support.RunningServiceTest;
import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import io.envoyproxy.envoy.type.v3.StatusCode;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** ldap against an in-memory directory (UnboundID) with users and groups, run by the test. */
class LdapAuthTest extends RunningServiceTest {

    private InMemoryDirectoryServer directory;
    private String configId;

    @BeforeAll
    void startDirectory() throws Exception {
        InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig("dc=example,dc=com");
        config.setSchema(null); // memberOf is an operational attribute the in-memory server does not maintain
        config.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig("default",
                InetAddress.getLoopbackAddress(), 0, null));
        directory = new InMemoryDirectoryServer(config);
        directory.add("dn: dc=example,dc=com", "objectClass: top", "objectClass: domain", "dc: example");
        directory.add("dn: ou=people,dc=example,dc=com", "objectClass: organizationalUnit", "ou: people");
        directory.add("dn: ou=groups,dc=example,dc=com", "objectClass: organizationalUnit", "ou: groups");
        directory.add("dn: cn=admins,ou=groups,dc=example,dc=com", "objectClass: groupOfNames", "cn: admins",
                "member: uid=alice,ou=people,dc=example,dc=com");
        directory.add("dn: cn=staff,ou=groups,dc=example,dc=com", "objectClass: groupOfNames", "cn: staff",
                "member: uid=bob,ou=people,dc=example,dc=com");
        directory.add("dn: uid=alice,ou=people,dc=example,dc=com", "objectClass: inetOrgPerson", "uid: alice",
                "cn: Alice", "sn: A", "userPassword: alice-secret",
                "memberOf: CN=Admins, OU=Groups, DC=example, DC=com");
        directory.add("dn: uid=bob,ou=people,dc=example,dc=com", "objectClass: inetOrgPerson", "uid: bob",
                "cn: Bob", "sn: B", "userPassword: bob-secret", "memberOf: cn=staff,ou=groups,dc=example,dc=com");
        directory.startListening();
        configId = ldapConfig("ldap", "\"allowedGroups\": [\"cn=admins,ou=groups,dc=example,dc=com\"]");
    }

    @AfterAll
    void stopDirectory() {
        directory.shutDown(true);
    }

    private String ldapConfig(String name, String groups) {
        return publish("corp", name, """
                {"configs": [{"name": "directory", "ldap": {
                  "address": "127.0.0.1:%d",
                  "userDnTemplate": "uid=%%s,ou=people,dc=example,dc=com",
                  "membershipAttributeName": "memberOf",
                  %s,
                  "pool": {"initialSize": 1, "maxSize": 2},
                  "timeout": "20s"}}]}
                """.formatted(directory.getListenPort(), groups));
    }

    private CheckResponse login(String config, String user, String password) {
        String basic = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return check(Requests.check(config, "GET", "/reports", Map.of("authorization", "Basic " + basic)));
    }

    private static StatusCode denial(CheckResponse response) {
        return response.getDeniedResponse().getStatus().getCode();
    }

    @Test
    void rightPasswordAndGroupIsAllowed() {
        CheckResponse response = login(configId, "alice", "alice-secret");

        assertThat(response.getStatus().getCode()).isEqualTo(Code.OK_VALUE);
        assertThat(response.getDynamicMetadata().getFieldsMap().get("principal").getStringValue()).isEqualTo("alice");
        // the pool hands connections back anonymous: the next user's bind is judged on its own
        assertThat(denial(login(configId, "alice", "bob-secret"))).isEqualTo(StatusCode.Unauthorized);
        assertThat(login(configId, "alice", "alice-secret").getStatus().getCode()).isEqualTo(Code.OK_VALUE);
    }

    @Test
    void wrongPasswordAndUnknownUserLookTheSame() {
        CheckResponse wrong = login(configId, "alice", "guess");
        CheckResponse unknown = login(configId, "carol", "alice-secret");

        assertThat(denial(wrong)).isEqualTo(StatusCode.Unauthorized);
        assertThat(denial(unknown)).isEqualTo(StatusCode.Unauthorized);
        assertThat(wrong.getDeniedResponse()).isEqualTo(unknown.getDeniedResponse());
        assertThat(wrong.getDeniedResponse().getHeadersList()).anySatisfy(h -> {
            assertThat(h.getHeader().getKey()).isEqualTo("WWW-Authenticate");
            assertThat(h.getHeader().getValue()).startsWith("Basic realm=");
        });
    }

    @Test
    void userOutsideTheAllowedGroupsIsForbidden() {
        assertThat(denial(login(configId, "bob", "bob-secret"))).isEqualTo(StatusCode.Forbidden);
    }

    @Test
    void groupCheckingCanBeTurnedOff() {
        String open = ldapConfig("ldap-any-user", "\"disableGroupChecking\": true");
        assertThat(login(open, "bob", "bob-secret").getStatus().getCode()).isEqualTo(Code.OK_VALUE);
        assertThat(denial(login(open, "bob", "wrong"))).isEqualTo(StatusCode.Unauthorized);
    }

    @Test
    void badInputIsRefused() {
        // an empty password would be an unauthenticated bind, which LDAP servers accept
        assertThat(denial(login(configId, "alice", ""))).isEqualTo(StatusCode.Unauthorized);
        // a user name cannot add RDNs or wildcards to the DN
        assertThat(denial(login(configId, "alice,ou=people", "alice-secret"))).isEqualTo(StatusCode.Unauthorized);
        assertThat(denial(login(configId, "*", "alice-secret"))).isEqualTo(StatusCode.Unauthorized);
        assertThat(denial(check(Requests.check(configId, "GET", "/", Map.of())))).isEqualTo(StatusCode.Unauthorized);
        assertThat(denial(check(Requests.check(configId, "GET", "/", Map.of("authorization", "Basic %%%")))))
                .isEqualTo(StatusCode.Unauthorized);
    }

    @Test
    void unreachableServerRefusesTheRequest() throws Exception {
        int port;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        String down = publish("corp", "ldap-down", """
                {"configs": [{"ldap": {"address": "ldap://127.0.0.1:%d",
                  "userDnTemplate": "uid=%%s,ou=people,dc=example,dc=com", "disableGroupChecking": true,
                  "timeout": "20s"}}]}""".formatted(port));
        assertThat(compiled(down)).isTrue();
        assertThat(denial(login(down, "alice", "alice-secret"))).isEqualTo(StatusCode.ServiceUnavailable);
    }

    @Test
    void configWithoutGroupsOrTemplateIsRejected() {
        String noGroups = publish("corp", "ldap-no-groups", """
                {"configs": [{"ldap": {"address": "127.0.0.1:389",
                  "userDnTemplate": "uid=%s,ou=people,dc=example,dc=com"}}]}""");
        String noTemplate = publish("corp", "ldap-no-template", """
                {"configs": [{"ldap": {"address": "127.0.0.1:389", "userDnTemplate": "ou=people",
                  "disableGroupChecking": true}}]}""");
        assertThat(compiled(noGroups)).isFalse();
        assertThat(compiled(noTemplate)).isFalse();
    }
}
