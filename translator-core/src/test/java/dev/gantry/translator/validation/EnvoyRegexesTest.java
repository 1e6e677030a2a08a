package dev.gantry.translator.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.re2j.ParsedRegexps;
import org.junit.jupiter.api.Test;

class EnvoyRegexesTest {

    private static long size(String regex) {
        return Re2ProgramSize.of(ParsedRegexps.parse(regex));
    }

    @Test
    void whatRe2RefusesIsRefused() {
        // java.util.regex takes all of these; RE2, and so Envoy, does not.
        assertThat(EnvoyRegexes.problem("(?x)a b")).hasValueSatisfying(problem -> assertThat(problem)
                .contains("(?x)a b", "not valid RE2 syntax", "(?x"));
        assertThat(EnvoyRegexes.problem("a{1001}")).hasValueSatisfying(problem -> assertThat(problem)
                .contains("invalid repeat count"));
        assertThat(EnvoyRegexes.problem("abc\\Z")).hasValueSatisfying(problem -> assertThat(problem)
                .contains("invalid escape sequence"));
        for (String regex : new String[] {"(?=look)ahead", "(?<!x)y", "(a)\\1", "a++", "a*+", ""}) {
            assertThat(EnvoyRegexes.problem(regex)).as(regex).isPresent();
        }
    }

    @Test
    void whatRe2TakesWithinTheSizeLimitIsTaken() {
        for (String regex : new String[] {"/api/v[0-9]+/.*", "^/users/(?P<id>[^/]+)$", "(?i)/Foo/[[:alpha:]]+",
                "/a{1000}".substring(0, 3), "[a-z]{20}", "/ab\\z", "^$"}) {
            assertThat(EnvoyRegexes.problem(regex)).as(regex).isEmpty();
        }
    }

    @Test
    void theProgramSizeFollowsRe2sCompiler() {
        // Reported by Envoy: "RE2 program size of 106 > max program size of 100".
        assertThat(size("^/user/(488/sms|h5/getJwt|captcha|version/getAIDrawTemplate|version/isMainLand"
                + "|version/promotionTemplate|version/activityTemplate2).*")).isEqualTo(106);
        // Reported by Envoy for another route: 222.
        assertThat(size("(^(\\/[a-zA-Z]{2}(-[a-zA-Z]{2})?)?\\/?activity\\/([^\\/]+)?-l(\\d+)\\/([^\\/]+)?-t(\\d+)\\/?$)"
                + "|(^(\\/[a-zA-Z]{2}(-[a-zA-Z]{2})?)?\\/?([^\\/]+)?-l(\\d+)\\/([^\\/]+)?-t(\\d+)\\/?$)"
                + "|(^(\\/[a-zA-Z]{2}(-[a-zA-Z]{2})?)?\\/?activity\\/([^\\/]+)?-t(\\d+)\\/?$)"
                + "|(^(\\/[a-zA-Z]{2}(-[a-zA-Z]{2})?)?\\/?([^\\/]+)?-t(\\d+)(\\/.*)?$)")).isEqualTo(222);
        // Fail and Match, RE2's unanchored .*? loop (2), one instruction per ASCII literal byte.
        assertThat(size("abc")).isEqualTo(7);
        assertThat(size("^abc$")).as("anchors and the required prefix compile to nothing; the rest runs unanchored")
                .isEqualTo(4);
        assertThat(size("^(b)$")).as("anchored: no .*? loop").isEqualTo(2 + 2 + 1);
        // . is [00-09] [0B-7F] and RE2's six-instruction 80-10FFFF; a trailing .* adds no instruction of its own.
        assertThat(size("^x.*")).isEqualTo(4 + 8);
        assertThat(size("^x.+")).isEqualTo(4 + 8 + 1);
        // ASCII case folding: [a-zA-Z] is one instruction, as (?i)a is.
        assertThat(size("^x[a-zA-Z]")).isEqualTo(4 + 1);
        assertThat(size("^x(?i)ab")).isEqualTo(4 + 2);
        // ... but (?i)k also matches the Kelvin sign: the class [Kk\x{212A}] is k (1) and E2 84 AA (3).
        assertThat(size("^x(?i)k")).isEqualTo(4 + 4);
        // A multi-byte literal costs a byte each; repetitions are expanded.
        assertThat(size("^(é)")).isEqualTo(2 + 2 + 2);
        assertThat(size("^x(?:ab){3,5}")).isEqualTo(4 + 3 * 2 + 2 * (2 + 1));
        assertThat(size("^xa{96}")).isEqualTo(100);
        // Unicode classes are large in RE2's byte automaton: \pL alone is far over Envoy's limit.
        assertThat(size("\\pL")).isGreaterThan(Re2ProgramSize.ENVOY_MAX);
    }

    @Test
    void envoysLimitOf100Instructions() {
        assertThat(EnvoyRegexes.problem("^xa{96}")).isEmpty();
        assertThat(EnvoyRegexes.problem("^xa{97}")).hasValueSatisfying(problem -> assertThat(problem)
                .contains("too large for Envoy", "about 101 instructions", "limit is 100"));
        assertThat(EnvoyRegexes.problem("((a{1000}){1000}){1000}")).as("no expansion: counted, capped")
                .hasValueSatisfying(problem -> assertThat(problem).contains("over a million"));
        assertThat(EnvoyRegexes.problem("^/user/(488/sms|h5/getJwt|captcha|version/getAIDrawTemplate"
                + "|version/isMainLand|version/promotionTemplate|version/activityTemplate2).*")).isPresent();
    }
}
