package dev.gantry.watcher.deployer;

import io.fabric8.kubernetes.client.KubernetesClient;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;
import java.util.function.BooleanSupplier;

/**
 * The proxy deployer, on when {@code gantry.deployer.enabled=true}. It needs a {@link KubernetesClient} bean and acts
 * only on the leader: a {@code BooleanSupplier} bean named {@value #LEADER_BEAN} (the watcher's leader election)
 * says when; without one this replica assumes it is the only one.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "gantry.deployer", name = "enabled", havingValue = "true")
@EnableConfigurationProperties({DeployerProperties.class, ProxyTlsProperties.class})
public class DeployerConfiguration {

    public static final String LEADER_BEAN = "gantryIsLeader";

    @Bean
    ProxyDeployer proxyDeployer(KubernetesClient client, DeployerProperties properties, ProxyTlsProperties tls) {
        ProxyCertificates certificates = tls.enabled()
                ? new ProxyCertificates(client, tls, Clock.systemUTC()) : null;
        return new ProxyDeployer(client, properties, ApplyStrategy.serverSideApply(), certificates);
    }

    @Bean(initMethod = "start", destroyMethod = "close")
    ProxyDeployerController proxyDeployerController(KubernetesClient client, ProxyDeployer deployer,
            DeployerProperties properties, @Qualifier(LEADER_BEAN) ObjectProvider<BooleanSupplier> isLeader) {
        BooleanSupplier leader = isLeader.getIfAvailable(() -> () -> true);
        return new ProxyDeployerController(client, deployer, properties, leader);
    }
}
