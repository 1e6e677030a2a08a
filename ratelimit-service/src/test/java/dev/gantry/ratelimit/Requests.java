package dev.gantry.ratelimit;

import com.google.protobuf.UInt64Value;
import io.envoyproxy.envoy.extensions.common.ratelimit.v3.RateLimitDescriptor;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitRequest;
import io.envoyproxy.envoy.type.v3.RateLimitUnit;

/** RateLimitRequests as Envoy builds them from the translator's actions (gantry.config first). */
final class Requests {

    private Requests() {
    }

    static RateLimitDescriptor.Builder descriptor(String configId, String... keyValues) {
        RateLimitDescriptor.Builder descriptor = RateLimitDescriptor.newBuilder()
                .addEntries(entry("gantry.config", configId));
        for (int i = 0; i < keyValues.length; i += 2) {
            descriptor.addEntries(entry(keyValues[i], keyValues[i + 1]));
        }
        return descriptor;
    }

    static RateLimitDescriptor.Builder setDescriptor(String configId, String... keyValues) {
        String[] all = new String[keyValues.length + 2];
        all[0] = "gantry.set";
        all[1] = "true";
        System.arraycopy(keyValues, 0, all, 2, keyValues.length);
        return descriptor(configId, all);
    }

    static RateLimitDescriptor.Builder withHits(RateLimitDescriptor.Builder descriptor, long hits) {
        return descriptor.setHitsAddend(UInt64Value.of(hits));
    }

    static RateLimitDescriptor.Builder withLimit(RateLimitDescriptor.Builder descriptor, int requestsPerUnit,
            RateLimitUnit unit) {
        return descriptor.setLimit(RateLimitDescriptor.RateLimitOverride.newBuilder()
                .setRequestsPerUnit(requestsPerUnit).setUnit(unit));
    }

    static RateLimitRequest request(RateLimitDescriptor.Builder... descriptors) {
        RateLimitRequest.Builder request = RateLimitRequest.newBuilder().setDomain("gantry");
        for (RateLimitDescriptor.Builder descriptor : descriptors) {
            request.addDescriptors(descriptor);
        }
        return request.build();
    }

    private static RateLimitDescriptor.Entry entry(String key, String value) {
        return RateLimitDescriptor.Entry.newBuilder().setKey(key).setValue(value).build();
    }
}
