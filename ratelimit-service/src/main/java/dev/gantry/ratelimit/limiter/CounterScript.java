package dev.gantry.ratelimit.limiter;

import dev.gantry.ratelimit.rules.LimitSpec;
import java.util.ArrayList;
import java.util.List;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.script.RedisScript;

/** The arguments of scripts/rate-limit.lua and the reading of its answer; pure. */
public final class CounterScript {

    /**
     * Read once: a script built on a resource re-reads it and checks its modification time on every call,
     * which costs more than the decision itself.
     */
    public static final RedisScript<List> SCRIPT = RedisScript.of(read("scripts/rate-limit.lua"), List.class);

    private CounterScript() {
    }

    public static List<String> keys(List<Counter> counters) {
        List<String> keys = new ArrayList<>(counters.size() * 2);
        for (Counter counter : counters) {
            keys.add(counter.key());
            keys.add(counter.previousKey());
        }
        return keys;
    }

    public static List<String> args(List<Counter> counters, long nowMillis) {
        List<String> args = new ArrayList<>(1 + counters.size() * 7);
        args.add(Long.toString(nowMillis));
        for (Counter counter : counters) {
            LimitSpec limit = counter.match().rule().limit();
            args.add(Integer.toString(limit.algorithm().scriptCode()));
            args.add(Long.toString(limit.requestsPerUnit()));
            args.add(Long.toString(limit.windowMillis()));
            args.add(Long.toString(counter.windowStart()));
            args.add(Long.toString(counter.match().hits()));
            args.add(Long.toString(limit.burst()));
            args.add(counter.match().rule().shadowMode() ? "1" : "0");
        }
        return args;
    }

    public static List<CounterOutcome> outcomes(List<Counter> counters, List<?> reply) {
        if (reply == null || reply.size() != counters.size() * 4) {
            throw new IllegalStateException("rate-limit script answered " + (reply == null ? "nothing" : reply.size()
                    + " values") + " for " + counters.size() + " counters");
        }
        List<CounterOutcome> outcomes = new ArrayList<>(counters.size());
        for (int i = 0; i < counters.size(); i++) {
            outcomes.add(new CounterOutcome(counters.get(i), number(reply.get(4 * i)) == 1, number(reply.get(4 * i + 1)),
                    number(reply.get(4 * i + 2)), number(reply.get(4 * i + 3)), false));
        }
        return outcomes;
    }

    private static String read(String resource) {
        try (var in = new ClassPathResource(resource).getInputStream()) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot read " + resource, e);
        }
    }

    private static long number(Object value) {
        return ((Number) value).longValue();
    }
}
