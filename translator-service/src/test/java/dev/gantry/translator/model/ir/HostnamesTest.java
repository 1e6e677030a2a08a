package dev.gantry.translator.model.ir;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HostnamesTest {

    @Test
    void intersectsListenerAndRouteHostnamesLikeTheGatewayApi() {
        assertThat(Hostnames.intersect(null, "a.example.com")).contains("a.example.com");
        assertThat(Hostnames.intersect(null, "*.example.com")).contains("*.example.com");
        assertThat(Hostnames.intersect("a.example.com", "a.example.com")).contains("a.example.com");
        assertThat(Hostnames.intersect("a.example.com", "b.example.com")).isEmpty();
        assertThat(Hostnames.intersect("*.example.com", "a.b.example.com")).contains("a.b.example.com");
        assertThat(Hostnames.intersect("*.example.com", "example.com")).isEmpty();
        assertThat(Hostnames.intersect("*.example.com", "badexample.com")).isEmpty();
        assertThat(Hostnames.intersect("a.example.com", "*.example.com")).contains("a.example.com");
        assertThat(Hostnames.intersect("*.example.com", "*.shop.example.com")).contains("*.shop.example.com");
        assertThat(Hostnames.intersect("*.shop.example.com", "*.example.com")).contains("*.shop.example.com");
        assertThat(Hostnames.intersect("*.example.com", "*.example.org")).isEmpty();
    }
}
