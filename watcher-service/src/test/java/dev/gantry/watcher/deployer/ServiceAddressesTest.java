package dev.gantry.watcher.deployer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.model.parameters.GatewayParametersSpec;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewayBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewaySpecAddress;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewayStatusAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A Gateway's spec.addresses on its proxy Service, and back into Gateway.status.addresses. */
class ServiceAddressesTest {

    private static Gateway gateway(GatewaySpecAddress... addresses) {
        return new GatewayBuilder().withNewMetadata().withNamespace("infra").withName("gw").withUid("u1").endMetadata()
                .withNewSpec().withGatewayClassName("gantry").withAddresses(Arrays.asList(addresses))
                .addNewListener().withName("http").withProtocol("HTTP").withPort(8080).endListener()
                .endSpec().build();
    }

    private static GatewaySpecAddress ip(String value) {
        return new GatewaySpecAddress("IPAddress", value);
    }

    @Test
    void oneAddressOnALoadBalancerIsItsLoadBalancerIp() {
        assertThat(ServiceAddresses.of(gateway(ip("192.0.2.10")), "LoadBalancer"))
                .isEqualTo(new ServiceAddresses("192.0.2.10", null));
        assertThat(ServiceAddresses.of(gateway(new GatewaySpecAddress(null, " 192.0.2.10 ")), "LoadBalancer"))
                .as("the type defaults to IPAddress").isEqualTo(new ServiceAddresses("192.0.2.10", null));
    }

    @Test
    void severalAddressesOrNoLoadBalancerMeanExternalIps() {
        assertThat(ServiceAddresses.of(gateway(ip("192.0.2.10"), ip("2001:db8::10"), ip("192.0.2.10")), "LoadBalancer"))
                .isEqualTo(new ServiceAddresses(null, List.of("192.0.2.10", "2001:db8::10")));
        assertThat(ServiceAddresses.of(gateway(ip("192.0.2.10")), "ClusterIP"))
                .isEqualTo(new ServiceAddresses(null, List.of("192.0.2.10")));
        assertThat(ServiceAddresses.of(gateway(ip("192.0.2.10")), null))
                .isEqualTo(new ServiceAddresses(null, List.of("192.0.2.10")));
    }

    @Test
    void emptyValuesAndOtherTypesPlaceNothing() {
        assertThat(ServiceAddresses.of(gateway(), "LoadBalancer")).isEqualTo(ServiceAddresses.NONE);
        assertThat(ServiceAddresses.of(gateway(new GatewaySpecAddress("IPAddress", null), ip(" "),
                new GatewaySpecAddress("Hostname", "gw.example.com"),
                new GatewaySpecAddress("test/fake-invalid-type", "x")), "LoadBalancer")).isEqualTo(ServiceAddresses.NONE);
        Gateway none = gateway();
        none.getSpec().setAddresses(null);
        assertThat(ServiceAddresses.of(none, "LoadBalancer")).isEqualTo(ServiceAddresses.NONE);
    }

    @Test
    void theProxyServiceCarriesTheRequestedAddresses() {
        ProxyObjectsFactory factory = new ProxyObjectsFactory(new DeployerProperties(true, "xds:18000", null, null,
                Duration.ofMinutes(5)));
        GatewayParametersSpec loadBalancer = EffectiveParameters.resolve(DeployerProperties.DEFAULT_ENVOY_IMAGE, null,
                new GatewayParametersSpec(new GatewayParametersSpec.Kube(null, null, null,
                        new GatewayParametersSpec.Service("LoadBalancer", null, null, null, Map.of()), null), null));
        var service = factory.build(gateway(ip("192.0.2.10")), loadBalancer).service();
        assertThat(service.getSpec().getLoadBalancerIP()).isEqualTo("192.0.2.10");
        assertThat(service.getSpec().getExternalIPs()).isNullOrEmpty();

        var plain = factory.build(gateway(ip("192.0.2.10"), ip("192.0.2.11")), loadBalancer).service();
        assertThat(plain.getSpec().getLoadBalancerIP()).isNull();
        assertThat(plain.getSpec().getExternalIPs()).containsExactly("192.0.2.10", "192.0.2.11");
    }

    @Test
    void externalIpsAreTheGatewaysAddressesWhenNoLoadBalancerAnswers() {
        var service = new ServiceBuilder().withNewSpec().withClusterIP("10.96.0.7").withExternalIPs("192.0.2.10")
                .endSpec().build();
        assertThat(GatewayAddresses.of(service)).containsExactly(new GatewayStatusAddress("IPAddress", "192.0.2.10"));
        service.setStatus(new io.fabric8.kubernetes.api.model.ServiceStatusBuilder().withNewLoadBalancer()
                .addNewIngress().withIp("203.0.113.9").endIngress().endLoadBalancer().build());
        assertThat(GatewayAddresses.of(service)).containsExactly(new GatewayStatusAddress("IPAddress", "203.0.113.9"));
    }
}
