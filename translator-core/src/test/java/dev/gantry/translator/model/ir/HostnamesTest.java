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

    @Test
    void tellsWhichListenerOwnsADomainForIsolation() {
        assertThat(Hostnames.contains(null, "bar.com")).isTrue();
        assertThat(Hostnames.contains("*.example.com", "*.foo.example.com")).isTrue();
        assertThat(Hostnames.contains("*.example.com", "abc.foo.example.com")).isTrue();
        assertThat(Hostnames.contains("*.foo.example.com", "*.example.com")).isFalse();
        assertThat(Hostnames.contains("abc.foo.example.com", "*.foo.example.com")).isFalse();
        assertThat(Hostnames.contains("*.example.com", "example.com")).isFalse();

        assertThat(Hostnames.moreSpecific("*.example.com", null)).isTrue();
        assertThat(Hostnames.moreSpecific("abc.foo.example.com", "*.foo.example.com")).isTrue();
        assertThat(Hostnames.moreSpecific("*.example.com", "*.example.com")).isFalse();
        assertThat(Hostnames.moreSpecific("*.example.com", "*.foo.example.com")).isFalse();
        assertThat(Hostnames.moreSpecific(null, "*.example.com")).isFalse();
    }
}
