package dev.gantry.translator.features.transformation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.jse.JsePlatform;

/**
 * An extractor's regex runs as a Lua pattern: for the supported subset, the translated pattern, run by a real Lua
 * interpreter (LuaJ), must match exactly the inputs the regex matches as a whole, with the same captures.
 */
class LuaPatternsTest {

    private static final Globals LUA = JsePlatform.standardGlobals();

    private static final List<String> INPUTS = List.of("", "/users/42", "/users/42/orders/7", "/users/abc", "a.b",
            "axb", "user_name-1", "  padded  ", "x=1&y=22", "[tag]", "100%", "aaa", "ab", "abbb", "a+b", "Bearer abc.def",
            "2026-12-03", "/users/", "line\nbreak");

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "/users/(\\d+)",
        "^/users/([0-9]+)/orders/(\\d+)$",
        "/users/([^/]+)",
        "a.b",
        "a\\.b",
        "[\\w-]+",
        "\\s*(\\S+)\\s*",
        "x=(\\d{1,3})&y=(\\d{2})",
        "\\[(\\w+)]",
        "(\\d+)%",
        "a{3}",
        "ab{0,2}",
        "ab+",
        "a\\+b",
        "Bearer (.*)",
        "Bearer (.*?)\\.(.*)",
        "(\\d{4})-(\\d{2})-(\\d{2})",
        "(.*)/(.*)",
        "/users/(\\d*)",
        "[a-c]+",
        "[^a]b*",
        ".*",
    })
    void theLuaPatternMatchesWhatTheRegexMatchesAsAWhole(String regex) {
        String pattern = LuaPatterns.translate(regex);
        Pattern java = Pattern.compile(regex, Pattern.DOTALL);
        for (String input : INPUTS) {
            Matcher matcher = java.matcher(input);
            Varargs found = LUA.get("string").get("find").invoke(LuaValue.valueOf(input), LuaValue.valueOf(pattern));
            boolean javaMatches = matcher.matches();
            assertThat(!found.arg1().isnil()).as("%s (Lua %s) on %s", regex, pattern, input).isEqualTo(javaMatches);
            if (javaMatches) {
                for (int group = 1; group <= matcher.groupCount(); group++) {
                    assertThat(found.arg(group + 2).tojstring()).as("%s group %d on %s", regex, group, input)
                            .isEqualTo(matcher.group(group));
                }
            }
        }
    }

    @Test
    void whatLuaCannotSayIsRefusedWithTheReason() {
        assertThatThrownBy(() -> LuaPatterns.translate("a|b")).hasMessageContaining("alternation '|' at 1");
        assertThatThrownBy(() -> LuaPatterns.translate("(ab)+")).hasMessageContaining("a quantified group");
        assertThatThrownBy(() -> LuaPatterns.translate("(?:ab)")).hasMessageContaining("non-capturing");
        assertThatThrownBy(() -> LuaPatterns.translate("\\bword")).hasMessageContaining("the escape \\b");
        assertThatThrownBy(() -> LuaPatterns.translate("a{2,999}")).hasMessageContaining("at most 64");
        assertThatThrownBy(() -> LuaPatterns.translate("(unclosed")).hasMessageContaining("not a valid regular expression");
        assertThatThrownBy(() -> LuaPatterns.translate("a^b")).hasMessageContaining("anchors only at the very start and end");
    }
}
