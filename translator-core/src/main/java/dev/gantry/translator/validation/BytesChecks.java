package dev.gantry.translator.validation;

import com.google.protobuf.ByteString;
import io.envoyproxy.pgv.validate.Validate.BytesRules;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import com.google.re2j.Pattern;

/** PGV's bytes rules. Never shows the bytes themselves: they may be key material. */
final class BytesChecks {

    private BytesChecks() {
    }

    static ValueCheck compile(BytesRules rules) {
        List<ValueCheck> checks = new ArrayList<>();
        if (rules.hasConst()) {
            add(checks, "bytes.const", bytes -> !bytes.equals(rules.getConst()), "must equal the given constant");
        }
        if (rules.hasLen()) {
            add(checks, "bytes.len", bytes -> bytes.size() != rules.getLen(), "must be " + rules.getLen() + " bytes long");
        }
        if (rules.hasMinLen()) {
            add(checks, "bytes.min_len", bytes -> bytes.size() < rules.getMinLen(), "must be at least " + rules.getMinLen() + " bytes long");
        }
        if (rules.hasMaxLen()) {
            add(checks, "bytes.max_len", bytes -> bytes.size() > rules.getMaxLen(), "must be at most " + rules.getMaxLen() + " bytes long");
        }
        if (rules.hasPattern()) {
            Pattern pattern = Re2.compile(rules.getPattern());
            add(checks, "bytes.pattern", bytes -> !pattern.matcher(bytes.toStringUtf8()).find(), "must match " + rules.getPattern());
        }
        if (rules.hasPrefix()) {
            add(checks, "bytes.prefix", bytes -> !bytes.startsWith(rules.getPrefix()), "must start with the given prefix");
        }
        if (rules.hasSuffix()) {
            add(checks, "bytes.suffix", bytes -> !bytes.endsWith(rules.getSuffix()), "must end with the given suffix");
        }
        if (rules.hasContains()) {
            add(checks, "bytes.contains", bytes -> !contains(bytes, rules.getContains()), "must contain the given bytes");
        }
        if (rules.getInCount() > 0) {
            add(checks, "bytes.in", bytes -> !rules.getInList().contains(bytes), "must be one of the allowed values");
        }
        if (rules.getNotInCount() > 0) {
            add(checks, "bytes.not_in", bytes -> rules.getNotInList().contains(bytes), "must not be one of the denied values");
        }
        switch (rules.getWellKnownCase()) {
            case IP -> add(checks, "bytes.ip", bytes -> bytes.size() != 4 && bytes.size() != 16, "must be an IP address (4 or 16 bytes)");
            case IPV4 -> add(checks, "bytes.ipv4", bytes -> bytes.size() != 4, "must be an IPv4 address (4 bytes)");
            case IPV6 -> add(checks, "bytes.ipv6", bytes -> bytes.size() != 16, "must be an IPv6 address (16 bytes)");
            default -> {
            }
        }
        ValueCheck all = ValueCheck.all(checks);
        if (all == null || !rules.getIgnoreEmpty()) {
            return all;
        }
        return (value, path, out) -> {
            if (!((ByteString) value).isEmpty()) {
                all.check(value, path, out);
            }
        };
    }

    private static boolean contains(ByteString haystack, ByteString needle) {
        for (int i = 0; i + needle.size() <= haystack.size(); i++) {
            if (haystack.substring(i, i + needle.size()).equals(needle)) {
                return true;
            }
        }
        return false;
    }

    private static void add(List<ValueCheck> checks, String rule, Predicate<ByteString> broken, String expectation) {
        checks.add(ValueCheck.rule(rule, value -> broken.test((ByteString) value),
                value -> ((ByteString) value).size() + " bytes: " + expectation));
    }
}
