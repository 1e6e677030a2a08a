package dev.gantry.translator.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.model.ratelimit.RateLimitConfigSpec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** What ratelimit-service would trip on is refused, the message naming the field. */
class RateLimitConfigCheckTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aCompleteConfigIsAccepted() throws Exception {
        assertThat(RateLimitConfigCheck.problem(spec("""
                raw:
                  descriptors:
                  - key: user
                    rateLimit: {name: base, unit: MINUTE, requestsPerUnit: 10, unitMultiplier: 5}
                    descriptors:
                    - key: path
                      value: /a
                      rateLimit: {unit: SECOND, requestsPerUnit: 0, replaces: [{name: base}]}
                  - key: vip
                    rateLimit: {unlimited: true}
                  setDescriptors:
                  - simpleDescriptors: [{key: plan, value: free}]
                    rateLimit: {unit: HOUR, requestsPerUnit: 3, algorithm: TOKEN_BUCKET, burst: 5}
                  rateLimits:
                  - actions: [{requestHeaders: {headerName: x-user, descriptorKey: user}}]
                  - setActions: [{metadata: {descriptorKey: plan, metadataKey: {key: ns, path: [{key: plan}]}}}]
                    limit: {dynamicMetadata: {metadataKey: {key: ns, path: [{key: limit}]}}}
                  - actions: [{headerValueMatch: {descriptorValue: get, headers: [{name: ":method", exactMatch: GET}]}}]
                """))).isNull();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            a bad unit | raw: {descriptors: [{key: k, rateLimit: {unit: FORTNIGHT, requestsPerUnit: 1}}]} | spec.raw.descriptors[0].rateLimit.unit: "FORTNIGHT" is not one of
            a negative requestsPerUnit | raw: {descriptors: [{key: k, rateLimit: {unit: SECOND, requestsPerUnit: -1}}]} | spec.raw.descriptors[0].rateLimit.requestsPerUnit: -1 is negative
            no requestsPerUnit | raw: {descriptors: [{key: k, rateLimit: {unit: SECOND}}]} | spec.raw.descriptors[0].rateLimit.requestsPerUnit: missing
            a nested descriptor without key | raw: {descriptors: [{key: k, descriptors: [{value: v}]}]} | spec.raw.descriptors[0].descriptors[0].key: missing
            a zero unitMultiplier | raw: {descriptors: [{key: k, rateLimit: {unit: SECOND, requestsPerUnit: 1, unitMultiplier: 0}}]} | unitMultiplier: 0 is not at least 1
            an unknown algorithm | raw: {descriptors: [{key: k, rateLimit: {unit: SECOND, requestsPerUnit: 1, algorithm: LEAKY}}]} | algorithm: "LEAKY" is not one of
            a burst without token bucket | raw: {descriptors: [{key: k, rateLimit: {unit: SECOND, requestsPerUnit: 1, burst: 3}}]} | burst: only a TOKEN_BUCKET has a burst
            replaces naming nothing | raw: {descriptors: [{key: k, rateLimit: {unit: SECOND, requestsPerUnit: 1, replaces: [{name: ghost}]}}]} | spec.raw.descriptors[0].rateLimit.replaces[0].name: "ghost" names no limit
            a set descriptor without rateLimit | raw: {setDescriptors: [{simpleDescriptors: [{key: a}]}]} | spec.raw.setDescriptors[0].rateLimit: missing
            a set descriptor matching nothing | raw: {setDescriptors: [{rateLimit: {unit: SECOND, requestsPerUnit: 1}}]} | spec.raw.setDescriptors[0].simpleDescriptors: empty
            an action of no kind | raw: {rateLimits: [{actions: [{}]}]} | spec.raw.rateLimits[0].actions[0]: no action kind
            an action of two kinds | raw: {rateLimits: [{actions: [{remoteAddress: {}, genericKey: {descriptorValue: x}}]}]} | spec.raw.rateLimits[0].actions[0]: several action kinds [remoteAddress, genericKey]
            actions and setActions both | raw: {rateLimits: [{actions: [{remoteAddress: {}}], setActions: [{remoteAddress: {}}]}]} | spec.raw.rateLimits[0]: exactly one of actions and setActions
            no actions at all | raw: {rateLimits: [{}]} | spec.raw.rateLimits[0]: exactly one of actions and setActions
            a request header without descriptor key | raw: {rateLimits: [{actions: [{requestHeaders: {headerName: x}}]}]} | actions[0].requestHeaders.descriptorKey: missing
            a bad header regex | raw: {rateLimits: [{actions: [{headerValueMatch: {descriptorValue: v, headers: [{name: x, regexMatch: "(a"}]}}]}]} | headers[0].regexMatch:
            metadata without path | raw: {rateLimits: [{setActions: [{metadata: {descriptorKey: d, metadataKey: {key: ns}}}]}]} | setActions[0].metadata.metadataKey.path: empty
            a bad metadata source | raw: {rateLimits: [{actions: [{metadata: {descriptorKey: d, source: CLUSTER, metadataKey: {key: ns, path: [{key: a}]}}}]}]} | metadata.source: "CLUSTER" is not one of
            a limit override without key | raw: {rateLimits: [{actions: [{remoteAddress: {}}], limit: {dynamicMetadata: {}}}]} | spec.raw.rateLimits[0].limit.dynamicMetadata.metadataKey.key: missing
            no raw | {} | spec.raw: missing
            """)
    void badInputIsRefusedNamingTheField(String what, String yaml, String message) throws Exception {
        assertThat(RateLimitConfigCheck.problem(spec(yaml))).as(what).isNotNull().contains(message);
    }

    @Test
    void nothingAtAllIsRefused() {
        assertThat(RateLimitConfigCheck.problem(null)).isEqualTo("spec.raw: missing (the only kind of RateLimitConfig)");
    }

    private static RateLimitConfigSpec spec(String yaml) throws Exception {
        return JSON.convertValue(new org.yaml.snakeyaml.Yaml().load(yaml), RateLimitConfigSpec.class);
    }
}
