package dev.gantry.conformance;

import io.envoyproxy.envoy.config.route.v3.HeaderMatcher;
import io.envoyproxy.envoy.config.route.v3.QueryParameterMatcher;
import io.envoyproxy.envoy.type.matcher.v3.StringMatcher;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Envoy's string, header and query parameter matchers (envoy/type/matcher/v3/string.proto,
 * envoy/config/route/v3/route_components.proto). Regexes are RE2 in Envoy; java.util.regex agrees on
 * every construct RE2 accepts that the translator emits.
 */
final class EnvoyMatchers {

    private EnvoyMatchers() {
    }

    static boolean matches(StringMatcher matcher, String value) {
        boolean ignoreCase = matcher.getIgnoreCase();
        String actual = ignoreCase ? value.toLowerCase(Locale.ROOT) : value;
        return switch (matcher.getMatchPatternCase()) {
            case EXACT -> actual.equals(fold(matcher.getExact(), ignoreCase));
            case PREFIX -> actual.startsWith(fold(matcher.getPrefix(), ignoreCase));
            case SUFFIX -> actual.endsWith(fold(matcher.getSuffix(), ignoreCase));
            case CONTAINS -> actual.contains(fold(matcher.getContains(), ignoreCase));
            // safe_regex ignores ignore_case (documented): it always matches the whole original value.
            case SAFE_REGEX -> fullMatch(matcher.getSafeRegex().getRegex(), value);
            default -> throw new UnsupportedOperationException("string matcher " + matcher.getMatchPatternCase());
        };
    }

    static boolean fullMatch(String regex, String value) {
        return Pattern.compile(regex).matcher(value).matches();
    }

    /**
     * Envoy's {@code HeaderUtility::matchHeaders}: several values of one header are matched joined with
     * {@code ,}; an absent header matches only a {@code present_match: false} (or, inverted, a
     * {@code present_match: true}) unless {@code treat_missing_header_as_empty}.
     */
    static boolean matches(HeaderMatcher matcher, Optional<String> headerValue) {
        boolean invert = matcher.getInvertMatch();
        boolean presentKind = matcher.getHeaderMatchSpecifierCase() == HeaderMatcher.HeaderMatchSpecifierCase.PRESENT_MATCH;
        if (headerValue.isEmpty() && !matcher.getTreatMissingHeaderAsEmpty()) {
            return invert ? presentKind && matcher.getPresentMatch() : presentKind && !matcher.getPresentMatch();
        }
        String value = headerValue.orElse("");
        boolean match = switch (matcher.getHeaderMatchSpecifierCase()) {
            case STRING_MATCH -> matches(matcher.getStringMatch(), value);
            case PRESENT_MATCH -> matcher.getPresentMatch();
            case EXACT_MATCH -> value.equals(matcher.getExactMatch());
            case PREFIX_MATCH -> value.startsWith(matcher.getPrefixMatch());
            case SUFFIX_MATCH -> value.endsWith(matcher.getSuffixMatch());
            case CONTAINS_MATCH -> value.contains(matcher.getContainsMatch());
            case SAFE_REGEX_MATCH -> fullMatch(matcher.getSafeRegexMatch().getRegex(), value);
            // No specifier: the header must be present (Envoy treats it as present_match).
            case HEADERMATCHSPECIFIER_NOT_SET -> true;
            default -> throw new UnsupportedOperationException("header matcher " + matcher.getHeaderMatchSpecifierCase());
        };
        return match != invert;
    }

    /** The first value of the parameter decides (Envoy's {@code QueryParamsMulti::getFirstValue}); values are not decoded. */
    static boolean matches(QueryParameterMatcher matcher, String query) {
        Optional<String> value = firstQueryValue(query, matcher.getName());
        return switch (matcher.getQueryParameterMatchSpecifierCase()) {
            case STRING_MATCH -> value.isPresent() && matches(matcher.getStringMatch(), value.get());
            case PRESENT_MATCH -> value.isPresent() == matcher.getPresentMatch();
            default -> value.isPresent();
        };
    }

    static Optional<String> firstQueryValue(String query, String name) {
        if (query.isEmpty()) {
            return Optional.empty();
        }
        for (String pair : query.split("&")) {
            int equals = pair.indexOf('=');
            String key = equals < 0 ? pair : pair.substring(0, equals);
            if (key.equals(name)) {
                return Optional.of(equals < 0 ? "" : pair.substring(equals + 1));
            }
        }
        return Optional.empty();
    }

    /** RE2 substitutions write groups as {@code \1}; java.util.regex as {@code $1}. */
    static String regexReplaceAll(String regex, String substitution, String value) {
        StringBuilder javaSubstitution = new StringBuilder();
        for (int i = 0; i < substitution.length(); i++) {
            char c = substitution.charAt(i);
            if (c == '\\' && i + 1 < substitution.length() && Character.isDigit(substitution.charAt(i + 1))) {
                javaSubstitution.append('$').append(substitution.charAt(++i));
            } else if (c == '$' || c == '\\') {
                javaSubstitution.append('\\').append(c);
            } else {
                javaSubstitution.append(c);
            }
        }
        return Pattern.compile(regex).matcher(value).replaceAll(javaSubstitution.toString());
    }

    private static String fold(String value, boolean ignoreCase) {
        return ignoreCase ? value.toLowerCase(Locale.ROOT) : value;
    }
}
