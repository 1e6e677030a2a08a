package dev.gantry.ratelimit.rules;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.gantry.model.ratelimit.RateLimitConfigSpec;
import dev.gantry.model.ratelimit.RateLimitConfigSpec.Descriptor;
import dev.gantry.model.ratelimit.RateLimitConfigSpec.RateLimit;
import dev.gantry.model.ratelimit.RateLimitConfigSpec.Replaces;
import dev.gantry.model.ratelimit.RateLimitConfigSpec.SetDescriptor;
import dev.gantry.model.ratelimit.RateLimitConfigSpec.SimpleDescriptor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns a RateLimitConfig's spec into the immutable form requests are matched against. Pure: no I/O, so a bad
 * spec is refused here, before it can replace a good one. The translator validated the spec already; this
 * still checks everything it relies on, since Redis is not a place to trust blindly.
 */
public final class RateLimitConfigCompiler {

    /** gantry-model's records carry Jackson 2 annotations (fabric8), so Boot's Jackson 3 mapper is no use here. */
    private static final ObjectMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private RateLimitConfigCompiler() {
    }

    public static CompiledConfig compile(String configId, long version, String specJson)
            throws InvalidRateLimitConfigException {
        RateLimitConfigSpec spec;
        try {
            spec = JSON.readValue(specJson, RateLimitConfigSpec.class);
        } catch (JacksonException e) {
            throw new InvalidRateLimitConfigException("spec is not a RateLimitConfig spec: " + e.getOriginalMessage(), e);
        }
        return compile(configId, version, spec);
    }

    public static CompiledConfig compile(String configId, long version, RateLimitConfigSpec spec)
            throws InvalidRateLimitConfigException {
        if (spec == null || spec.raw() == null) {
            throw new InvalidRateLimitConfigException("spec.raw is missing");
        }
        DescriptorLevel tree = level(configId, configId, nullToEmpty(spec.raw().descriptors()));
        List<SetRule> setRules = new ArrayList<>();
        List<SetDescriptor> setDescriptors = nullToEmpty(spec.raw().setDescriptors());
        for (int i = 0; i < setDescriptors.size(); i++) {
            setRules.add(setRule(configId, i, setDescriptors.get(i)));
        }
        return new CompiledConfig(configId, version, tree, setRules);
    }

    private static DescriptorLevel level(String configId, String path, List<Descriptor> descriptors)
            throws InvalidRateLimitConfigException {
        Map<String, DescriptorLevel.Node> exact = new HashMap<>();
        List<DescriptorLevel.Node> prefixed = new ArrayList<>();
        Map<String, DescriptorLevel.Node> anyValue = new HashMap<>();
        for (Descriptor descriptor : descriptors) {
            if (descriptor == null || descriptor.key() == null || descriptor.key().isBlank()) {
                throw new InvalidRateLimitConfigException(path + ": a descriptor has no key");
            }
            String value = descriptor.value();
            String nodePath = path + "/" + descriptor.key() + (value == null || value.isEmpty() ? "" : "=" + value);
            Rule rule = descriptor.rateLimit() == null ? null : rule(configId, nodePath, descriptor.rateLimit(),
                    descriptor.shadowMode(), descriptor.weight(), descriptor.alwaysApply());
            DescriptorLevel children = level(configId, nodePath, nullToEmpty(descriptor.descriptors()));
            DescriptorLevel.Node node;
            Object previous;
            if (value == null || value.isEmpty()) {
                node = new DescriptorLevel.Node(descriptor.key(), null, rule, children);
                previous = anyValue.putIfAbsent(descriptor.key(), node);
            } else if (value.endsWith("*")) {
                String valuePrefix = value.substring(0, value.length() - 1);
                node = new DescriptorLevel.Node(descriptor.key(), valuePrefix, rule, children);
                previous = prefixed.stream()
                        .filter(n -> n.key().equals(descriptor.key()) && n.valuePrefix().equals(valuePrefix))
                        .findFirst().orElse(null);
                prefixed.add(node);
            } else {
                node = new DescriptorLevel.Node(descriptor.key(), null, rule, children);
                previous = exact.putIfAbsent(DescriptorLevel.exactKey(descriptor.key(), value), node);
            }
            if (previous != null) {
                throw new InvalidRateLimitConfigException(nodePath + ": duplicate descriptor");
            }
        }
        return new DescriptorLevel(exact, prefixed, anyValue);
    }

    private static SetRule setRule(String configId, int index, SetDescriptor descriptor)
            throws InvalidRateLimitConfigException {
        String path = configId + "/setDescriptors[" + index + "]";
        List<SimpleDescriptor> simple = nullToEmpty(descriptor.simpleDescriptors());
        if (simple.isEmpty()) {
            throw new InvalidRateLimitConfigException(path + ": no simpleDescriptors");
        }
        List<SetRule.Entry> entries = new ArrayList<>();
        Set<String> keys = new LinkedHashSet<>();
        for (SimpleDescriptor entry : simple) {
            if (entry == null || entry.key() == null || entry.key().isBlank()) {
                throw new InvalidRateLimitConfigException(path + ": a simpleDescriptor has no key");
            }
            if (!keys.add(entry.key())) {
                throw new InvalidRateLimitConfigException(path + ": key " + entry.key() + " appears twice");
            }
            String value = entry.value() == null || entry.value().isEmpty() ? null : entry.value();
            entries.add(new SetRule.Entry(entry.key(), value));
        }
        if (descriptor.rateLimit() == null) {
            throw new InvalidRateLimitConfigException(path + ": no rateLimit");
        }
        StringBuilder id = new StringBuilder(configId).append("/set");
        entries.forEach(e -> id.append('/').append(e.key()).append(e.value() == null ? "" : "=" + e.value()));
        return new SetRule(index, entries,
                rule(configId, id.toString(), descriptor.rateLimit(), descriptor.shadowMode(), 0, descriptor.alwaysApply()));
    }

    private static Rule rule(String configId, String id, RateLimit rateLimit, Boolean shadowMode, Integer weight,
            Boolean alwaysApply) throws InvalidRateLimitConfigException {
        Set<String> replaces = new LinkedHashSet<>();
        for (Replaces replaced : nullToEmpty(rateLimit.replaces())) {
            if (replaced == null || replaced.name() == null || replaced.name().isBlank()) {
                throw new InvalidRateLimitConfigException(id + ": replaces names no rule");
            }
            replaces.add(replaced.name());
        }
        boolean unlimited = Boolean.TRUE.equals(rateLimit.unlimited());
        LimitSpec limit = unlimited ? null : limit(id, rateLimit);
        return new Rule(configId, id, rateLimit.name(), limit, unlimited, Boolean.TRUE.equals(shadowMode),
                weight == null ? 0 : weight, Boolean.TRUE.equals(alwaysApply), replaces);
    }

    private static LimitSpec limit(String id, RateLimit rateLimit) throws InvalidRateLimitConfigException {
        WindowUnit unit = WindowUnit.parse(rateLimit.unit());
        if (unit == null) {
            throw new InvalidRateLimitConfigException(id + ": unknown unit " + rateLimit.unit());
        }
        if (rateLimit.requestsPerUnit() == null || rateLimit.requestsPerUnit() < 0) {
            throw new InvalidRateLimitConfigException(id + ": requestsPerUnit must be 0 or more");
        }
        int multiplier = rateLimit.unitMultiplier() == null ? 1 : rateLimit.unitMultiplier();
        if (multiplier < 1) {
            throw new InvalidRateLimitConfigException(id + ": unitMultiplier must be 1 or more");
        }
        Algorithm algorithm;
        try {
            algorithm = rateLimit.algorithm() == null ? Algorithm.FIXED_WINDOW
                    : Algorithm.valueOf(rateLimit.algorithm().trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidRateLimitConfigException(id + ": unknown algorithm " + rateLimit.algorithm());
        }
        long burst = rateLimit.burst() == null ? rateLimit.requestsPerUnit() : rateLimit.burst();
        if (burst < 0 || (algorithm == Algorithm.TOKEN_BUCKET && rateLimit.burst() != null && burst < 1)) {
            throw new InvalidRateLimitConfigException(id + ": burst must be 1 or more");
        }
        return new LimitSpec(rateLimit.requestsPerUnit(), unit, multiplier, algorithm, burst);
    }

    private static <T> List<T> nullToEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
