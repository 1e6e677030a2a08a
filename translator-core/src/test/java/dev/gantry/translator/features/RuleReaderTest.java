package dev.gantry.translator.features;

import static dev.gantry.translator.envoy.filters.FilterFixtures.RESOLVER;
import static dev.gantry.translator.envoy.filters.FilterFixtures.rule;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.translator.model.ir.policy.BackendFilters;
import dev.gantry.translator.model.ir.policy.HeaderEditsIr;
import dev.gantry.translator.model.ir.policy.HeaderEditsIr.Header;
import dev.gantry.translator.model.ir.policy.RetryIr;
import dev.gantry.translator.model.ir.policy.RulePolicies;
import dev.gantry.translator.model.ir.policy.TimeoutsIr;
import dev.gantry.translator.model.ir.policy.UrlRewriteIr;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Stage one: a rule read into typed policies, with nothing built for Envoy. */
class RuleReaderTest {

    private final RuleReader reader = FeatureSet.builtIns().reader();

    private RuleReader.Reading read(String yaml, String... clusters) {
        return reader.read(rule(yaml), RouteShape.forwardingTo(List.of(clusters)), RESOLVER);
    }

    @Test
    void filtersTimeoutsAndRetryBecomeTypedPolicies() {
        RuleReader.Reading reading = read("""
                filters:
                - type: RequestHeaderModifier
                  requestHeaderModifier: {set: [{name: X-Set, value: s}], add: [{name: X-Add, value: a}], remove: [X-Drop]}
                - {type: RequestMirror, requestMirror: {backendRef: {name: m, port: 80}, percent: 10}}
                timeouts: {request: 10s, backendRequest: 1500ms}
                retry: {codes: [503], attempts: 2}
                """, "v1_8080");

        assertThat(reading.outcome().problems()).isEmpty();
        RulePolicies policies = reading.policies();
        assertThat(policies.filters().requestHeaders()).isEqualTo(new HeaderEditsIr(
                List.of(new Header("X-Set", "s", true), new Header("X-Add", "a", false)), List.of("X-Drop")));
        assertThat(policies.filters().mirrors()).singleElement()
                .satisfies(mirror -> assertThat(mirror.cluster()).isEqualTo("m_80"));
        assertThat(policies.timeouts()).isEqualTo(new TimeoutsIr(Duration.ofSeconds(10), Duration.ofMillis(1500)));
        assertThat(policies.retry()).isEqualTo(new RetryIr(2, List.of(503), null));
    }

    @Test
    void backendRefFiltersActOnTheirWeightedClusterOrOnTheWholeRoute() {
        String yaml = """
                backendRefs:
                - {name: a, port: 1, filters: [{type: URLRewrite, urlRewrite: {hostname: a.internal}}]}
                - {name: b, port: 2}
                """;
        assertThat(read(yaml, "a_1", "b_2").policies().backends()).containsExactly(new BackendFilters("a_1", false,
                dev.gantry.translator.model.ir.policy.RouteFilters.NONE.withUrlRewrite(new UrlRewriteIr("a.internal", null))));
        assertThat(read(yaml, "a_1").policies().backends()).singleElement().satisfies(backend ->
                assertThat(backend.wholeRoute()).isTrue());
    }

    @Test
    void aRedirectStopsTheForwardingPartsFromBeingRead() {
        RuleReader.Reading reading = read("""
                filters:
                - {type: RequestRedirect, requestRedirect: {hostname: example.org}}
                - {type: RequestMirror, requestMirror: {backendRef: {name: m, port: 80}}}
                timeouts: {request: not-a-duration}
                """);
        assertThat(reading.outcome().ruleInvalid()).isFalse();
        assertThat(reading.outcome().problems()).containsExactly("RequestMirror: ignored, the rule redirects");
        assertThat(reading.policies().filters().redirect().hostname()).isEqualTo("example.org");
        assertThat(reading.policies().filters().mirrors()).isEmpty();
        assertThat(reading.policies().timeouts()).isNull();
    }

    @Test
    void anUnusableRuleHasNoPolicyAtAll() {
        RuleReader.Reading reading = read("""
                filters:
                - {type: RequestHeaderModifier, requestHeaderModifier: {set: [{name: X-Ok, value: v}]}}
                - {type: Teleport}
                """, "v1_8080");
        assertThat(reading.outcome().ruleInvalid()).isTrue();
        assertThat(reading.outcome().problems()).containsExactly("filter type Teleport is not supported");
        assertThat(reading.policies()).isSameAs(RulePolicies.NONE);
    }
}
