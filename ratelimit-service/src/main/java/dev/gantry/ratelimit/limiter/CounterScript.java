package dev.gantry.ratelimit.limiter;

import dev.gantry.ratelimit.rules.LimitSpec;
import java.util.ArrayList;
import java.util.List;
import org.springframework.core.io.ClassPathResource;

/** The arguments of scripts/rate-limit.lua and the reading of its answer; pure. */
public final class CounterScript {

    /**
     * Read once: a script built on a resource re-reads it and checks its modification time on every call,
     * which costs more than the decision itself.
     */
    public static final String SOURCE = read("scripts/rate-limit.lua");
    /** What EVALSHA names it by. */
    public static final String SHA1 = sha1(SOURCE);

    private CounterScript() {
    }

    public static String[] keys(List<Counter> counters) {
        String[] keys = new String[counters.size() * 2];
        int k = 0;
        for (Counter counter : counters) {
            keys[k++] = counter.key();
            keys[k++] = counter.previousKey();
        }
        return keys;
    }

    public static String[] args(List<Counter> counters, long nowMillis) {
        String[] args = new String[1 + counters.size() * 7];
        int a = 0;
        args[a++] = Long.toString(nowMillis);
        for (Counter counter : counters) {
            LimitSpec limit = counter.match().rule().limit();
            args[a++] = Integer.toString(limit.algorithm().scriptCode());
            args[a++] = Long.toString(limit.requestsPerUnit());
            args[a++] = Long.toString(limit.windowMillis());
            args[a++] = Long.toString(counter.windowStart());
            args[a++] = Long.toString(counter.match().hits());
            args[a++] = Long.toString(limit.burst());
            args[a++] = counter.match().rule().shadowMode() ? "1" : "0";
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

    private static String sha1(String source) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-1")
                    .digest(source.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(digest);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-1", e);
        }
    }

    private static long number(Object value) {
        return ((Number) value).longValue();
    }
}
