package dev.gantry.translator.validation;

import static dev.gantry.translator.validation.Rules.show;

import io.envoyproxy.pgv.validate.Validate.KnownRegex;
import io.envoyproxy.pgv.validate.Validate.StringRules;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import com.google.re2j.Pattern;

/** PGV's string rules. Lengths count code points (characters), {@code *_bytes} count UTF-8 bytes. */
final class StringChecks {

    // PGV's definitions of the well-known header regexes (strict), and the lax one for strict=false.
    private static final Pattern HEADER_NAME = Re2.compile("^:?[0-9a-zA-Z!#$%&'*+\\-.^_|~`]+$");
    private static final Pattern HEADER_VALUE = Re2.compile("^[^\\x00-\\x08\\x0A-\\x1F\\x7F]*$");
    private static final Pattern LAX_HEADER = Re2.compile("^[^\\x00\\x0A\\x0D]*$");

    private StringChecks() {
    }

    static ValueCheck compile(StringRules rules) {
        List<ValueCheck> checks = new ArrayList<>();
        if (rules.hasConst()) {
            add(checks, "string.const", text -> !text.equals(rules.getConst()), "must equal " + show(rules.getConst()));
        }
        if (rules.hasLen()) {
            add(checks, "string.len", text -> length(text) != rules.getLen(), "must be " + rules.getLen() + " characters long");
        }
        if (rules.hasMinLen()) {
            add(checks, "string.min_len", text -> length(text) < rules.getMinLen(),
                    "must be at least " + rules.getMinLen() + " characters long");
        }
        if (rules.hasMaxLen()) {
            add(checks, "string.max_len", text -> length(text) > rules.getMaxLen(),
                    "must be at most " + rules.getMaxLen() + " characters long");
        }
        if (rules.hasLenBytes()) {
            add(checks, "string.len_bytes", text -> bytes(text) != rules.getLenBytes(), "must be " + rules.getLenBytes() + " bytes long");
        }
        if (rules.hasMinBytes()) {
            add(checks, "string.min_bytes", text -> bytes(text) < rules.getMinBytes(),
                    "must be at least " + rules.getMinBytes() + " bytes long");
        }
        if (rules.hasMaxBytes()) {
            add(checks, "string.max_bytes", text -> bytes(text) > rules.getMaxBytes(),
                    "must be at most " + rules.getMaxBytes() + " bytes long");
        }
        if (rules.hasPattern()) {
            Pattern pattern = Re2.compile(rules.getPattern());
            add(checks, "string.pattern", text -> !pattern.matcher(text).find(), "must match " + rules.getPattern());
        }
        if (rules.hasPrefix()) {
            add(checks, "string.prefix", text -> !text.startsWith(rules.getPrefix()), "must start with " + show(rules.getPrefix()));
        }
        if (rules.hasSuffix()) {
            add(checks, "string.suffix", text -> !text.endsWith(rules.getSuffix()), "must end with " + show(rules.getSuffix()));
        }
        if (rules.hasContains()) {
            add(checks, "string.contains", text -> !text.contains(rules.getContains()), "must contain " + show(rules.getContains()));
        }
        if (rules.hasNotContains()) {
            add(checks, "string.not_contains", text -> text.contains(rules.getNotContains()),
                    "must not contain " + show(rules.getNotContains()));
        }
        if (rules.getInCount() > 0) {
            Set<String> in = Set.copyOf(rules.getInList());
            add(checks, "string.in", text -> !in.contains(text), "must be one of " + rules.getInList());
        }
        if (rules.getNotInCount() > 0) {
            Set<String> notIn = Set.copyOf(rules.getNotInList());
            add(checks, "string.not_in", text -> notIn.contains(text), "must not be one of " + rules.getNotInList());
        }
        wellKnown(rules, checks);
        ValueCheck all = ValueCheck.all(checks);
        if (all == null || !rules.getIgnoreEmpty()) {
            return all;
        }
        return (value, path, out) -> {
            if (!((String) value).isEmpty()) {
                all.check(value, path, out);
            }
        };
    }

    private static void wellKnown(StringRules rules, List<ValueCheck> checks) {
        switch (rules.getWellKnownCase()) {
            case EMAIL -> add(checks, "string.email", text -> !WellKnownFormats.isEmail(text), "must be an email address");
            case HOSTNAME -> add(checks, "string.hostname", text -> !WellKnownFormats.isHostname(text), "must be a hostname");
            case IP -> add(checks, "string.ip", text -> !WellKnownFormats.isIp(text), "must be an IP address");
            case IPV4 -> add(checks, "string.ipv4", text -> !WellKnownFormats.isIpv4(text), "must be an IPv4 address");
            case IPV6 -> add(checks, "string.ipv6", text -> !WellKnownFormats.isIpv6(text), "must be an IPv6 address");
            case URI -> add(checks, "string.uri", text -> !WellKnownFormats.isUri(text), "must be an absolute URI");
            case URI_REF -> add(checks, "string.uri_ref", text -> !WellKnownFormats.isUriReference(text), "must be a URI reference");
            case ADDRESS -> add(checks, "string.address", text -> !WellKnownFormats.isHostname(text) && !WellKnownFormats.isIp(text),
                    "must be a hostname or an IP address");
            case UUID -> add(checks, "string.uuid", text -> !WellKnownFormats.isUuid(text), "must be a UUID");
            case WELL_KNOWN_REGEX -> {
                KnownRegex regex = rules.getWellKnownRegex();
                Pattern pattern = switch (regex) {
                    case HTTP_HEADER_NAME -> rules.getStrict() ? HEADER_NAME : LAX_HEADER;
                    case HTTP_HEADER_VALUE -> rules.getStrict() ? HEADER_VALUE : LAX_HEADER;
                    default -> null;
                };
                if (pattern != null) {
                    add(checks, "string.well_known_regex", text -> !pattern.matcher(text).find(),
                            "must be a valid " + (regex == KnownRegex.HTTP_HEADER_NAME ? "header name" : "header value")
                                    + (rules.getStrict() ? "" : " (no NUL, CR or LF)"));
                }
            }
            default -> {
            }
        }
    }

    private static void add(List<ValueCheck> checks, String rule, Predicate<String> broken, String expectation) {
        checks.add(ValueCheck.rule(rule, value -> broken.test((String) value), value -> show(value) + " " + expectation));
    }

    private static long length(String text) {
        return text.codePointCount(0, text.length());
    }

    private static long bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }
}
