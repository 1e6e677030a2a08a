package dev.gantry.xds.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.xds.auth.XdsIdentity.Anonymous;
import dev.gantry.xds.auth.XdsIdentity.GatewayIdentity;
import dev.gantry.xds.auth.XdsIdentity.ServiceAccountIdentity;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SPIFFE ids, ServiceAccount usernames and Gateway entitlement: the pure rules behind authorization. */
class IdentityRulesTest {

    @Test
    void spiffeIdsNameAGatewayOrAServiceAccountOfOurTrustDomainOnly() {
        assertThat(SpiffeIds.parse("spiffe://cluster.local/ns/team-a/gateway/gw-a", "cluster.local"))
                .contains(new GatewayIdentity("team-a", "gw-a"));
        assertThat(SpiffeIds.parse("spiffe://cluster.local/ns/team-a/sa/gw-a", "cluster.local"))
                .contains(new ServiceAccountIdentity("team-a", "gw-a"));
        for (String bad : new String[] {
                "spiffe://other.domain/ns/team-a/gateway/gw-a",
                "spiffe://cluster.local/ns/team-a/gateway/gw-a/extra",
                "spiffe://cluster.local/ns/team-a/pod/gw-a",
                "spiffe://cluster.local/ns/../gateway/gw-a",
                "spiffe://cluster.local/ns/Team-A/gateway/gw-a",
                "spiffe://cluster.local:443/ns/team-a/gateway/gw-a",
                "spiffe://cluster.local/ns/team-a/gateway/gw-a?x=1",
                "https://cluster.local/ns/team-a/gateway/gw-a",
                "not a uri"}) {
            assertThat(SpiffeIds.parse(bad, "cluster.local")).as(bad).isEmpty();
        }
    }

    @Test
    void aCertificateWithTwoSpiffeIdsHasNoIdentity(@TempDir Path dir) {
        TestPki pki = new TestPki(dir, "unit");
        assertThat(SpiffeIds.fromCertificate(pki.client("one", "spiffe://td/ns/a/gateway/g").certificate(), "td"))
                .contains(new GatewayIdentity("a", "g"));
        assertThat(SpiffeIds.fromCertificate(pki.client("two", "spiffe://td/ns/a/gateway/g",
                "spiffe://td/ns/b/gateway/g").certificate(), "td")).isEmpty();
        assertThat(SpiffeIds.fromCertificate(pki.client("none").certificate(), "td")).isEmpty();
    }

    @Test
    void anIdentityMayReadOnlyItsOwnGateway() {
        assertThat(GatewayEntitlement.allows(new GatewayIdentity("a", "gw"), "a/gw")).isTrue();
        assertThat(GatewayEntitlement.allows(new GatewayIdentity("a", "gw"), "b/gw")).isFalse();
        assertThat(GatewayEntitlement.allows(new GatewayIdentity("a", "gw"), "a/gw2")).isFalse();
        // the deployer names the proxy's ServiceAccount after the Gateway
        assertThat(GatewayEntitlement.allows(new ServiceAccountIdentity("a", "gw"), "a/gw")).isTrue();
        assertThat(GatewayEntitlement.allows(new ServiceAccountIdentity("a", "default"), "a/gw")).isFalse();
        assertThat(GatewayEntitlement.allows(new ServiceAccountIdentity("b", "gw"), "a/gw")).isFalse();
        for (String malformed : new String[] {"", "a", "/gw", "a/", "a/gw/x"}) {
            assertThat(GatewayEntitlement.allows(new GatewayIdentity("a", "gw"), malformed)).as(malformed).isFalse();
        }
        assertThat(GatewayEntitlement.allows(new Anonymous(), "anything")).isTrue();
    }

    @Test
    void onlyServiceAccountTokensBoundToOurAudienceIdentify() {
        TokenReviewer reviewer = (token, audience) -> switch (token) {
            case "sa" -> TokenReviewer.Review.authenticated("system:serviceaccount:a:gw", java.util.List.of("xds"));
            case "other-audience" -> TokenReviewer.Review.authenticated("system:serviceaccount:a:gw",
                    java.util.List.of("api"));
            case "user" -> TokenReviewer.Review.authenticated("system:node:n1", java.util.List.of("xds"));
            case "odd" -> TokenReviewer.Review.authenticated("system:serviceaccount:a", java.util.List.of("xds"));
            default -> TokenReviewer.Review.refused("no");
        };
        ServiceAccountTokens tokens = new ServiceAccountTokens(reviewer, "xds");
        assertThat(tokens.identify("sa")).contains(new ServiceAccountIdentity("a", "gw"));
        assertThat(tokens.identify("other-audience")).isEmpty();
        assertThat(tokens.identify("user")).isEmpty();
        assertThat(tokens.identify("odd")).isEmpty();
        assertThat(tokens.identify("junk")).isEmpty();
        assertThat(tokens.identify("")).isEqualTo(Optional.empty());
    }
}
