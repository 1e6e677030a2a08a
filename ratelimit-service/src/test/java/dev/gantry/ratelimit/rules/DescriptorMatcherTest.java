package dev.gantry.ratelimit.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.envoyproxy.envoy.extensions.common.ratelimit.v3.RateLimitDescriptor;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Compiling and matching, without Redis: the pure half of a decision. */
class DescriptorMatcherTest {

    private static CompiledConfigs configs(String id, String raw) throws InvalidRateLimitConfigException {
        return CompiledConfigs.EMPTY.with(RateLimitConfigCompiler.compile(id, 1, "{\"raw\":" + raw + "}"));
    }

    private static RateLimitRequest request(String id, String... keyValues) {
        RateLimitDescriptor.Builder descriptor = RateLimitDescriptor.newBuilder()
                .addEntries(RateLimitDescriptor.Entry.newBuilder().setKey("gantry.config").setValue(id));
        for (int i = 0; i < keyValues.length; i += 2) {
            descriptor.addEntries(RateLimitDescriptor.Entry.newBuilder().setKey(keyValues[i]).setValue(keyValues[i + 1]));
        }
        return RateLimitRequest.newBuilder().setDomain("gantry").addDescriptors(descriptor).build();
    }

    @Test
    void countersOfDifferentValuesAndConfigsNeverShareATuple() throws Exception {
        CompiledConfigs configs = configs("ns.a", "{\"descriptors\":[{\"key\":\"user\",\"rateLimit\":"
                + "{\"unit\":\"SECOND\",\"requestsPerUnit\":1}}]}");

        Match one = DescriptorMatcher.match(configs, request("ns.a", "user", "x|y")).get(0);
        Match two = DescriptorMatcher.match(configs, request("ns.a", "user", "x")).get(0);

        assertThat(one.tuple()).isEqualTo("user=x%7Cy");
        assertThat(two.tuple()).isEqualTo("user=x");
        assertThat(one.rule().configId()).isEqualTo("ns.a");
        assertThat(one.rule().id()).isEqualTo("ns.a/user");
        assertThat(DescriptorMatcher.match(configs, request("ns.b", "user", "x")).get(0)).isNull();
    }

    @Test
    void hitsComeFromTheRequestUnlessTheDescriptorSaysOtherwise() throws Exception {
        CompiledConfigs configs = configs("ns.a", "{\"descriptors\":[{\"key\":\"k\",\"rateLimit\":"
                + "{\"unit\":\"SECOND\",\"requestsPerUnit\":1}}]}");
        RateLimitRequest request = request("ns.a", "k", "v");

        assertThat(DescriptorMatcher.match(configs, request).get(0).hits()).isEqualTo(1);
        assertThat(DescriptorMatcher.match(configs, request.toBuilder().setHitsAddend(7).build()).get(0).hits())
                .isEqualTo(7);
        RateLimitRequest perDescriptor = request.toBuilder().setDescriptors(0, request.getDescriptors(0).toBuilder()
                .setHitsAddend(com.google.protobuf.UInt64Value.of(0))).build();
        assertThat(DescriptorMatcher.match(configs, perDescriptor).get(0).hits()).isZero();
    }

    @Test
    void compiledLimitsCarryTheirWindowAndAlgorithm() throws Exception {
        CompiledConfig config = RateLimitConfigCompiler.compile("ns.a", 1, "{\"raw\":{\"descriptors\":[{\"key\":\"k\","
                + "\"rateLimit\":{\"unit\":\"minute\",\"unitMultiplier\":5,\"requestsPerUnit\":3,"
                + "\"algorithm\":\"token_bucket\"}}]}}");

        LimitSpec limit = config.descriptors().anyValue().get("k").rule().limit();
        assertThat(limit.windowMillis()).isEqualTo(300_000);
        assertThat(limit.algorithm()).isEqualTo(Algorithm.TOKEN_BUCKET);
        assertThat(limit.burst()).isEqualTo(3);
    }

    @Test
    void badSpecsAreRefusedWithTheirReason() {
        List.of(
                "{\"raw\":{\"descriptors\":[{\"key\":\"k\"},{\"key\":\"k\"}]}}",
                "{\"raw\":{\"descriptors\":[{\"key\":\"k\",\"rateLimit\":{\"unit\":\"SECOND\"}}]}}",
                "{\"raw\":{\"descriptors\":[{\"key\":\"k\",\"rateLimit\":{\"unit\":\"SECOND\",\"requestsPerUnit\":1,"
                        + "\"algorithm\":\"TOKEN_BUCKET\",\"burst\":0}}]}}",
                "{\"raw\":{\"descriptors\":[{\"key\":\"k\",\"rateLimit\":{\"unit\":\"SECOND\",\"requestsPerUnit\":1,"
                        + "\"replaces\":[{}]}}]}}",
                "{\"raw\":{\"setDescriptors\":[{\"simpleDescriptors\":[{\"key\":\"a\"},{\"key\":\"a\"}],"
                        + "\"rateLimit\":{\"unit\":\"SECOND\",\"requestsPerUnit\":1}}]}}",
                "[]",
                "")
                .forEach(spec -> assertThatThrownBy(() -> RateLimitConfigCompiler.compile("ns.a", 1, spec))
                        .as(spec).isInstanceOf(InvalidRateLimitConfigException.class));
    }
}
