package dev.gantry.translator.validation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.translator.envoy.EnvoyResources;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResourceValidationTest {

    private final ResourceValidation validation = new ResourceValidation(EnvoyValidator.shared());

    @Test
    void anInvalidVirtualHostIsReportedWithItsPathAndStaysInvalidWhenCheckedAgain() {
        VirtualHost valid = VirtualHost.newBuilder().setName("ok").addDomains("a.example.com").build();
        VirtualHost nameless = VirtualHost.newBuilder().addDomains("b.example.com").build();
        EnvoyResources resources = routes(RouteConfiguration.newBuilder().setName("route~80")
                .addVirtualHosts(valid).addVirtualHosts(nameless).build());

        for (int round = 0; round < 2; round++) {
            List<InvalidResource> invalid = validation.invalidResources(resources);
            assertThat(invalid).singleElement().satisfies(resource -> {
                assertThat(resource.name()).isEqualTo("route~80");
                assertThat(resource.violations()).singleElement().satisfies(violation ->
                        assertThat(violation.path()).startsWith("RouteConfiguration.virtual_hosts[1].name"));
            });
        }
    }

    @Test
    void validResourcesStayValidWhenOnlyANeighbourChanges() {
        VirtualHost a = VirtualHost.newBuilder().setName("a").addDomains("a.example.com").build();
        VirtualHost b = VirtualHost.newBuilder().setName("b").addDomains("b.example.com").build();
        assertThat(validation.invalidResources(routes(RouteConfiguration.newBuilder().setName("r")
                .addVirtualHosts(a).addVirtualHosts(b).build()))).isEmpty();

        VirtualHost broken = b.toBuilder().clearName().build();
        assertThat(validation.invalidResources(routes(RouteConfiguration.newBuilder().setName("r")
                .addVirtualHosts(a).addVirtualHosts(broken).build()))).hasSize(1);
        assertThat(validation.invalidResources(routes(RouteConfiguration.newBuilder().setName("r")
                .addVirtualHosts(a).addVirtualHosts(b).build()))).isEmpty();
    }

    private static EnvoyResources routes(RouteConfiguration routes) {
        return new EnvoyResources(List.of(), List.of(), List.of(routes), List.of(), List.of(), List.of());
    }
}
