package dev.gantry.ratelimit;

import static dev.gantry.ratelimit.Requests.descriptor;
import static dev.gantry.ratelimit.Requests.request;
import static dev.gantry.ratelimit.Requests.setDescriptor;
import static dev.gantry.ratelimit.Requests.withHits;
import static dev.gantry.ratelimit.Requests.withLimit;
import static org.assertj.core.api.Assertions.assertThat;

import io.envoyproxy.envoy.config.core.v3.HeaderValue;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitRequest;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitResponse;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitResponse.Code;
import io.envoyproxy.envoy.type.v3.RateLimitUnit;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** envoyproxy/ratelimit's semantics (and Gloo's set descriptors and weights) against the real Redis. */
class RateLimitSemanticsTest extends RateLimitTestSupport {

    @BeforeEach
    void startOfAMinute() {
        CLOCK.set(MutableClock.ALIGNED);
    }

    @Test
    void fixedWindowCountsUpToTheLimitThenRefuses() {
        String id = config("{\"descriptors\":[{\"key\":\"generic_key\",\"value\":\"counter\",\"rateLimit\":"
                + limit("MINUTE", 2) + "}]}");
        RateLimitRequest request = request(descriptor(id, "generic_key", "counter"));

        RateLimitResponse first = ask(request);
        assertThat(first.getOverallCode()).isEqualTo(Code.OK);
        assertThat(first.getStatuses(0).getLimitRemaining()).isEqualTo(1);
        assertThat(first.getStatuses(0).getCurrentLimit().getRequestsPerUnit()).isEqualTo(2);
        assertThat(first.getStatuses(0).getCurrentLimit().getUnit()).isEqualTo(RateLimitResponse.RateLimit.Unit.MINUTE);
        assertThat(ask(request).getOverallCode()).isEqualTo(Code.OK);
        RateLimitResponse third = ask(request);
        assertThat(third.getOverallCode()).isEqualTo(Code.OVER_LIMIT);
        assertThat(third.getStatuses(0).getCode()).isEqualTo(Code.OVER_LIMIT);
        assertThat(third.getStatuses(0).getLimitRemaining()).isZero();
    }

    @Test
    void theMostSpecificDescriptorMatches() {
        String id = config("{\"descriptors\":[{\"key\":\"client\",\"rateLimit\":" + limit("MINUTE", 1)
                + ",\"descriptors\":[{\"key\":\"path\",\"value\":\"/slow\",\"rateLimit\":" + limit("MINUTE", 3) + "}]}]}");

        assertThat(limitOf(ask(request(descriptor(id, "client", "a"))))).isEqualTo(1);
        assertThat(limitOf(ask(request(descriptor(id, "client", "a", "path", "/slow"))))).isEqualTo(3);
        // a path the config does not name under client: no rule ends there
        RateLimitResponse other = ask(request(descriptor(id, "client", "a", "path", "/fast")));
        assertThat(other.getStatuses(0).hasCurrentLimit()).isFalse();
        // deeper than the config: not limited, as envoyproxy/ratelimit does
        RateLimitResponse deeper = ask(request(descriptor(id, "client", "a", "path", "/slow", "x", "y")));
        assertThat(deeper.getStatuses(0).hasCurrentLimit()).isFalse();
        assertThat(deeper.getOverallCode()).isEqualTo(Code.OK);
    }

    @Test
    void anOmittedValueCountsEachRuntimeValueApart() {
        String id = config("{\"descriptors\":[{\"key\":\"remote_address\",\"rateLimit\":" + limit("MINUTE", 1) + "}]}");

        assertThat(ask(request(descriptor(id, "remote_address", "10.0.0.1"))).getOverallCode()).isEqualTo(Code.OK);
        assertThat(ask(request(descriptor(id, "remote_address", "10.0.0.1"))).getOverallCode()).isEqualTo(Code.OVER_LIMIT);
        assertThat(ask(request(descriptor(id, "remote_address", "10.0.0.2"))).getOverallCode()).isEqualTo(Code.OK);
    }

    @Test
    void aTrailingStarMatchesByPrefixAndTheExactValueWins() {
        String id = config("{\"descriptors\":[{\"key\":\"path\",\"value\":\"/api/*\",\"rateLimit\":" + limit("MINUTE", 1)
                + "},{\"key\":\"path\",\"value\":\"/api/special\",\"rateLimit\":" + limit("MINUTE", 5) + "}]}");

        assertThat(limitOf(ask(request(descriptor(id, "path", "/api/x"))))).isEqualTo(1);
        assertThat(ask(request(descriptor(id, "path", "/api/x"))).getOverallCode()).isEqualTo(Code.OVER_LIMIT);
        assertThat(ask(request(descriptor(id, "path", "/api/y"))).getOverallCode()).isEqualTo(Code.OK);
        assertThat(limitOf(ask(request(descriptor(id, "path", "/api/special"))))).isEqualTo(5);
        assertThat(ask(request(descriptor(id, "path", "/other"))).getStatuses(0).hasCurrentLimit()).isFalse();
    }

    @Test
    void unlimitedAndAllowListedDescriptorsAreNeverRefused() {
        String id = config("{\"descriptors\":[{\"key\":\"vip\",\"rateLimit\":{\"unlimited\":true}},"
                + "{\"key\":\"internal\",\"value\":\"yes\"}]}");

        for (int i = 0; i < 3; i++) {
            RateLimitResponse unlimited = ask(request(descriptor(id, "vip", "x")));
            assertThat(unlimited.getOverallCode()).isEqualTo(Code.OK);
            assertThat(Integer.toUnsignedLong(unlimited.getStatuses(0).getLimitRemaining())).isEqualTo(0xFFFFFFFFL);
            assertThat(ask(request(descriptor(id, "internal", "yes"))).getOverallCode()).isEqualTo(Code.OK);
        }
    }

    @Test
    void shadowModeCountsButNeverRefuses() {
        String id = config("{\"descriptors\":[{\"key\":\"k\",\"shadowMode\":true,\"rateLimit\":" + limit("MINUTE", 1) + "}]}");
        String rule = id + "/k";
        double shadowBefore = counter("gantry.ratelimit.shadow.mode", rule);

        assertThat(ask(request(descriptor(id, "k", "v"))).getOverallCode()).isEqualTo(Code.OK);
        RateLimitResponse second = ask(request(descriptor(id, "k", "v")));
        assertThat(second.getOverallCode()).isEqualTo(Code.OK);
        assertThat(second.getStatuses(0).getCode()).isEqualTo(Code.OK);
        assertThat(second.getStatuses(0).getLimitRemaining()).isZero();
        assertThat(counter("gantry.ratelimit.shadow.mode", rule)).isEqualTo(shadowBefore + 1);
        assertThat(counter("gantry.ratelimit.over.limit", rule)).isEqualTo(1);
    }

    @Test
    void aRuleReplacesTheRuleItNames() {
        String id = config("{\"descriptors\":[{\"key\":\"user\",\"rateLimit\":{\"name\":\"per-user\",\"unit\":\"MINUTE\","
                + "\"requestsPerUnit\":1}},{\"key\":\"plan\",\"value\":\"gold\",\"rateLimit\":{\"unit\":\"MINUTE\","
                + "\"requestsPerUnit\":10,\"replaces\":[{\"name\":\"per-user\"}]}}]}");
        RateLimitRequest gold = request(descriptor(id, "user", "u1"), descriptor(id, "plan", "gold"));

        for (int i = 0; i < 3; i++) {
            RateLimitResponse response = ask(gold);
            assertThat(response.getOverallCode()).isEqualTo(Code.OK);
            assertThat(response.getStatuses(0).hasCurrentLimit()).isFalse();
            assertThat(response.getStatuses(1).getLimitRemaining()).isEqualTo(9 - i);
        }
        // without the replacing rule the per-user limit applies again
        assertThat(ask(request(descriptor(id, "user", "u1"))).getOverallCode()).isEqualTo(Code.OK);
        assertThat(ask(request(descriptor(id, "user", "u1"))).getOverallCode()).isEqualTo(Code.OVER_LIMIT);
    }

    @Test
    void hitsAddendCountsThatManyAndZeroOnlyChecks() {
        String id = config("{\"descriptors\":[{\"key\":\"k\",\"rateLimit\":" + limit("MINUTE", 5) + "}]}");

        RateLimitResponse three = ask(request(descriptor(id, "k", "v")).toBuilder().setHitsAddend(3).build());
        assertThat(three.getStatuses(0).getLimitRemaining()).isEqualTo(2);
        // 3 more would be 6 > 5: refused, and a refused request counts nothing
        RateLimitResponse tooMany = ask(request(descriptor(id, "k", "v")).toBuilder().setHitsAddend(3).build());
        assertThat(tooMany.getOverallCode()).isEqualTo(Code.OVER_LIMIT);
        RateLimitResponse check = ask(request(withHits(descriptor(id, "k", "v"), 0)));
        assertThat(check.getOverallCode()).isEqualTo(Code.OK);
        assertThat(check.getStatuses(0).getLimitRemaining()).isEqualTo(2);
        // the descriptor's own hits_addend wins over the request's
        RateLimitResponse two = ask(request(withHits(descriptor(id, "k", "v"), 2)).toBuilder().setHitsAddend(4).build());
        assertThat(two.getOverallCode()).isEqualTo(Code.OK);
        assertThat(two.getStatuses(0).getLimitRemaining()).isZero();
    }

    @Test
    void overIfAnyIsOverAndThenNothingIsCounted() {
        String id = config("{\"descriptors\":[{\"key\":\"tight\",\"rateLimit\":" + limit("MINUTE", 1) + "},"
                + "{\"key\":\"loose\",\"rateLimit\":" + limit("MINUTE", 10) + "}]}");
        RateLimitRequest both = request(descriptor(id, "tight", "t"), descriptor(id, "loose", "l"));

        RateLimitResponse first = ask(both);
        assertThat(first.getOverallCode()).isEqualTo(Code.OK);
        assertThat(first.getStatuses(1).getLimitRemaining()).isEqualTo(9);
        for (int i = 0; i < 2; i++) {
            RateLimitResponse refused = ask(both);
            assertThat(refused.getOverallCode()).isEqualTo(Code.OVER_LIMIT);
            assertThat(refused.getStatuses(0).getCode()).isEqualTo(Code.OVER_LIMIT);
            assertThat(refused.getStatuses(1).getCode()).isEqualTo(Code.OK);
        }
        // the refused requests did not take from the loose limit
        RateLimitResponse loose = ask(request(descriptor(id, "loose", "l")));
        assertThat(loose.getStatuses(0).getLimitRemaining()).isEqualTo(8);
    }

    @Test
    void headersAndResetComeFromTheDescriptorWithTheLeastRemaining() {
        String id = config("{\"descriptors\":[{\"key\":\"a\",\"rateLimit\":" + limit("MINUTE", 10) + "},"
                + "{\"key\":\"b\",\"rateLimit\":" + limit("HOUR", 3) + "}]}");
        CLOCK.advance(java.time.Duration.ofSeconds(20).plusMillis(1));

        RateLimitResponse response = ask(request(descriptor(id, "a", "x"), descriptor(id, "b", "y")));
        Map<String, String> headers = response.getResponseHeadersToAddList().stream()
                .collect(Collectors.toMap(HeaderValue::getKey, HeaderValue::getValue));
        assertThat(headers).containsEntry("RateLimit-Limit", "3").containsEntry("RateLimit-Remaining", "2")
                .containsEntry("RateLimit-Reset", Long.toString(3600 - 20));
        assertThat(response.getStatuses(0).getDurationUntilReset().getSeconds()).isEqualTo(39);
        assertThat(response.getStatuses(0).getDurationUntilReset().getNanos()).isEqualTo(999_000_000);
    }

    @Test
    void onlyTheHighestWeightCountsUnlessAlwaysApply() {
        String id = config("{\"descriptors\":[{\"key\":\"heavy\",\"weight\":1,\"rateLimit\":" + limit("MINUTE", 5) + "},"
                + "{\"key\":\"light\",\"rateLimit\":" + limit("MINUTE", 5) + "},"
                + "{\"key\":\"always\",\"alwaysApply\":true,\"rateLimit\":" + limit("MINUTE", 5) + "}]}");

        RateLimitResponse response = ask(request(descriptor(id, "heavy", "h"), descriptor(id, "light", "l"),
                descriptor(id, "always", "a")));
        assertThat(response.getStatuses(0).hasCurrentLimit()).isTrue();
        assertThat(response.getStatuses(1).hasCurrentLimit()).isFalse();
        assertThat(response.getStatuses(2).hasCurrentLimit()).isTrue();
        // alone, the light rule is the highest weight present
        assertThat(ask(request(descriptor(id, "light", "l"))).getStatuses(0).getLimitRemaining()).isEqualTo(4);
    }

    @Test
    void setDescriptorsMatchAsUnorderedSubsetsFirstWins() {
        String id = config("{\"setDescriptors\":[{\"simpleDescriptors\":[{\"key\":\"account\"},{\"key\":\"plan\","
                + "\"value\":\"BASIC\"}],\"rateLimit\":" + limit("MINUTE", 1) + "},"
                + "{\"simpleDescriptors\":[{\"key\":\"account\"}],\"rateLimit\":" + limit("MINUTE", 3) + "}]}");

        RateLimitResponse basic = ask(request(setDescriptor(id, "plan", "BASIC", "extra", "1", "account", "a1")));
        assertThat(limitOf(basic)).isEqualTo(1);
        assertThat(ask(request(setDescriptor(id, "account", "a1", "plan", "BASIC"))).getOverallCode())
                .isEqualTo(Code.OVER_LIMIT);
        // another plan: the second rule, counted per account
        assertThat(limitOf(ask(request(setDescriptor(id, "account", "a1", "plan", "GOLD"))))).isEqualTo(3);
        assertThat(ask(request(setDescriptor(id, "account", "a2", "plan", "BASIC"))).getOverallCode())
                .isEqualTo(Code.OK);
        // no account: nothing matches
        assertThat(ask(request(setDescriptor(id, "plan", "BASIC"))).getStatuses(0).hasCurrentLimit()).isFalse();
        // the same entries, not marked as a set, walk the (empty) tree instead
        assertThat(ask(request(descriptor(id, "account", "a3"))).getStatuses(0).hasCurrentLimit()).isFalse();
    }

    @Test
    void aLimitOverrideReplacesTheRulesLimitAndTheLocalCacheKnowsIt() {
        String id = config("{\"descriptors\":[{\"key\":\"k\",\"rateLimit\":" + limit("MINUTE", 1) + "}]}");
        String rule = id + "/k";

        assertThat(ask(request(withLimit(descriptor(id, "k", "v"), 2, RateLimitUnit.MINUTE))).getOverallCode())
                .isEqualTo(Code.OK);
        assertThat(ask(request(withLimit(descriptor(id, "k", "v"), 2, RateLimitUnit.MINUTE))).getOverallCode())
                .isEqualTo(Code.OK);
        assertThat(ask(request(withLimit(descriptor(id, "k", "v"), 2, RateLimitUnit.MINUTE))).getOverallCode())
                .isEqualTo(Code.OVER_LIMIT);
        RateLimitResponse cached = ask(request(withLimit(descriptor(id, "k", "v"), 2, RateLimitUnit.MINUTE)));
        assertThat(cached.getOverallCode()).isEqualTo(Code.OVER_LIMIT);
        // the second hit filled the counter, so both refusals came from the local cache
        assertThat(counter("gantry.ratelimit.over.limit.local.cache", rule)).isEqualTo(2);
        // the counter is full at 2, not at 5: a higher override is not refused by the cache
        RateLimitResponse higher = ask(request(withLimit(descriptor(id, "k", "v"), 5, RateLimitUnit.MINUTE)));
        assertThat(higher.getOverallCode()).isEqualTo(Code.OK);
        assertThat(higher.getStatuses(0).getLimitRemaining()).isEqualTo(2);
    }

    @Test
    void theLocalCacheForgetsAtTheEndOfTheWindow() {
        String id = config("{\"descriptors\":[{\"key\":\"k\",\"rateLimit\":" + limit("SECOND", 1) + "}]}");
        RateLimitRequest request = request(descriptor(id, "k", "v"));

        assertThat(ask(request).getOverallCode()).isEqualTo(Code.OK);
        assertThat(ask(request).getOverallCode()).isEqualTo(Code.OVER_LIMIT);
        assertThat(ask(request).getOverallCode()).isEqualTo(Code.OVER_LIMIT);
        // the first hit filled the counter: Redis said so, and both refusals came from the local cache
        assertThat(counter("gantry.ratelimit.over.limit.local.cache", id + "/k")).isEqualTo(2);
        CLOCK.advance(java.time.Duration.ofSeconds(1));
        assertThat(ask(request).getOverallCode()).isEqualTo(Code.OK);
    }

    @Test
    void nearLimitIsCountedPastEightyPercent() {
        String id = config("{\"descriptors\":[{\"key\":\"k\",\"rateLimit\":" + limit("MINUTE", 5) + "}]}");
        for (int i = 0; i < 5; i++) {
            ask(request(descriptor(id, "k", "v")));
        }
        // used 1..4 are within (4 > 0.8 * 5 is near), used 5 is near
        assertThat(counter("gantry.ratelimit.near.limit", id + "/k")).isEqualTo(1);
        assertThat(counter("gantry.ratelimit.within.limit", id + "/k")).isEqualTo(4);
        assertThat(counter("gantry.ratelimit.hits", id + "/k")).isEqualTo(5);
    }

    @Test
    void unknownConfigsDomainsAndDescriptorsAreNotLimited() {
        String id = config("{\"descriptors\":[{\"key\":\"k\",\"rateLimit\":" + limit("MINUTE", 0) + "}]}");

        assertThat(ask(request(descriptor(id, "k", "v"))).getOverallCode()).isEqualTo(Code.OVER_LIMIT);
        assertThat(ask(request(descriptor("test.nosuchconfig", "k", "v"))).getOverallCode()).isEqualTo(Code.OK);
        assertThat(ask(request(descriptor(id, "k", "v")).toBuilder().setDomain("other").build()).getOverallCode())
                .isEqualTo(Code.OK);
        RateLimitResponse bare = ask(RateLimitRequest.newBuilder().setDomain("gantry")
                .addDescriptors(io.envoyproxy.envoy.extensions.common.ratelimit.v3.RateLimitDescriptor.newBuilder()
                        .addEntries(io.envoyproxy.envoy.extensions.common.ratelimit.v3.RateLimitDescriptor.Entry
                                .newBuilder().setKey("k").setValue("v")))
                .build());
        assertThat(bare.getOverallCode()).isEqualTo(Code.OK);
        assertThat(bare.getStatusesCount()).isEqualTo(1);
        assertThat(ask(RateLimitRequest.newBuilder().setDomain("gantry").build()).getOverallCode()).isEqualTo(Code.OK);
    }

    private static int limitOf(RateLimitResponse response) {
        return response.getStatuses(0).getCurrentLimit().getRequestsPerUnit();
    }
}
