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
 * here, each with the ACLs docs/security.md lists for it. With TLS, the client listener is SASL_SSL: the broker
 * presents a certificate for {@code localhost} that Gantry's own CA class issued, and clients must trust that CA.
 */
final class ScramKafka implements AutoCloseable {

    static final String ADMIN = "plain-admin";
    static final String ADMIN_PASSWORD = "plain-admin-secret";

    private final KafkaClusterTestKit cluster;
    /** The broker's CA in PEM when the client listener is SASL_SSL, else null. */
    private final String caPem;

    ScramKafka() throws Exception {
        this(false);
    }

    /** @param tls the client listener speaks SASL_SSL rather than SASL_PLAINTEXT */
    ScramKafka(boolean tls) throws Exception {
        TestKitNodes nodes = new TestKitNodes.Builder().setCombined(true).setNumBrokerNodes(1)
                .setNumControllerNodes(1).setBrokerSecurityProtocol(SecurityProtocol.SASL_PLAINTEXT).build();
        KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes);
        if (tls) {
            // the test kit knows only SASL_PLAINTEXT, but takes our listener map first (it only fills in what is
            // absent): its client listener EXTERNAL becomes SASL_SSL, with PEM material inline
            var ca = dev.gantry.watcher.deployer.CertificateAuthority.generate("kafka-test-ca", java.time.Clock.systemUTC());
            var broker = ca.issueServer(List.of("localhost"), java.time.Duration.ofDays(1));
            caPem = broker.caPem();
            builder.setConfigProp("listener.security.protocol.map", "EXTERNAL:SASL_SSL,CONTROLLER:PLAINTEXT")
                    .setConfigProp("ssl.keystore.type", "PEM")
                    .setConfigProp("ssl.keystore.certificate.chain", broker.certificatePem())
                    .setConfigProp("ssl.keystore.key", broker.keyPem())
                    // the broker is its own client on the inter-broker listener
                    .setConfigProp("ssl.truststore.type", "PEM")
                    .setConfigProp("ssl.truststore.certificates", caPem);
        } else {
            caPem = null;
        }
        cluster = builder
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

    /** The broker's CA certificate (PEM), which SASL_SSL clients must trust. */
    String caPem() {
        if (caPem == null) {
            throw new IllegalStateException("this broker's client listener is not TLS");
        }
        return caPem;
    }

    /**
     * Client properties of a SCRAM user over SASL_SSL, as Spring Boot's properties: the broker's CA from
     * {@code caFile} through the SSL bundle {@code kafka} (docs/security.md "Kafka").
     */
    static List<String> tlsClientProperties(String user, String password, java.nio.file.Path caFile) {
        return List.of("spring.kafka.security.protocol=SASL_SSL", "spring.kafka.ssl.bundle=kafka",
                "spring.ssl.bundle.pem.kafka.truststore.certificate=file:" + caFile,
                "spring.kafka.properties.sasl.mechanism=SCRAM-SHA-512",
                "spring.kafka.properties.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule"
                        + " required username=\"" + user + "\" password=\"" + password + "\";");
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
                "security.protocol", caPem == null ? "SASL_PLAINTEXT" : "SASL_SSL", "sasl.mechanism", "PLAIN",
                "sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
                        + ADMIN + "\" password=\"" + ADMIN_PASSWORD + "\";"));
        if (caPem != null) {
            properties.putAll(Map.of("ssl.truststore.type", "PEM", "ssl.truststore.certificates", caPem));
        }
        return properties;
    }

    @Override
    public void close() throws Exception {
        cluster.close();
    }
}
