package dev.gantry.e2e;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A KRaft broker that authenticates every client with SASL and authorizes it with ACLs (no one may do what no ACL
 * allows): the broker and its admin use PLAIN (Kafka's test kit), Gantry's services SCRAM-SHA-512 users created
 * here, each with the ACLs docs/security.md lists for it.
 */
final class ScramKafka implements AutoCloseable {

    static final String ADMIN = "plain-admin";
    static final String ADMIN_PASSWORD = "plain-admin-secret";

    private final KafkaClusterTestKit cluster;

    ScramKafka() throws Exception {
        TestKitNodes nodes = new TestKitNodes.Builder().setCombined(true).setNumBrokerNodes(1)
                .setNumControllerNodes(1).setBrokerSecurityProtocol(SecurityProtocol.SASL_PLAINTEXT).build();
        cluster = new KafkaClusterTestKit.Builder(nodes)
                .setConfigProp("sasl.enabled.mechanisms", "PLAIN,SCRAM-SHA-512")
                // the controller listener of the test kit is plaintext: its (internal) peers arrive as ANONYMOUS;
                // clients only reach the SASL listener
                .setConfigProp("super.users", "User:" + ADMIN + ";User:ANONYMOUS")
                .setConfigProp("offsets.topic.num.partitions", "1")
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .build();
        cluster.format();
        cluster.startup();
        cluster.waitForReadyBrokers();
    }

    String bootstrap() {
        return cluster.bootstrapServers();
    }

    /** Creates a SCRAM user and allows it, on each topic named, the operations listed for it. */
    void user(String name, String password, Map<String, List<AclOperation>> topicOperations) throws Exception {
        user(name, password, topicOperations, List.of());
    }

    /** As above, and READ on each consumer group of {@code groups} (joining it). */
    void user(String name, String password, Map<String, List<AclOperation>> topicOperations, List<String> groups)
            throws Exception {
        try (Admin admin = Admin.create(adminProperties())) {
            admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(name,
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), password))).all().get();
            List<AclBinding> acls = new ArrayList<>();
            topicOperations.forEach((topic, operations) -> operations.forEach(operation -> acls.add(new AclBinding(
                    new ResourcePattern(ResourceType.TOPIC, topic, PatternType.LITERAL),
                    new AccessControlEntry("User:" + name, "*", operation, AclPermissionType.ALLOW)))));
            groups.forEach(group -> acls.add(new AclBinding(
                    new ResourcePattern(ResourceType.GROUP, group, PatternType.LITERAL),
                    new AccessControlEntry("User:" + name, "*", AclOperation.READ, AclPermissionType.ALLOW))));
            admin.createAcls(acls).all().get();
        }
    }

    /** Client properties of a SCRAM user, as Spring Boot's spring.kafka.* properties. */
    static List<String> clientProperties(String user, String password) {
        return List.of("spring.kafka.security.protocol=SASL_PLAINTEXT",
                "spring.kafka.properties.sasl.mechanism=SCRAM-SHA-512",
                "spring.kafka.properties.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule"
                        + " required username=\"" + user + "\" password=\"" + password + "\";");
    }

    Properties adminProperties() {
        Properties properties = new Properties();
        properties.putAll(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(),
                "security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", "PLAIN",
                "sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
                        + ADMIN + "\" password=\"" + ADMIN_PASSWORD + "\";"));
        return properties;
    }

    @Override
    public void close() throws Exception {
        cluster.close();
    }
}
