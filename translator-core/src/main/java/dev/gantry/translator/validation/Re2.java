package dev.gantry.translator.validation;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PGV's {@code pattern} rules are RE2, so they are matched by re2j, Google's Java port of RE2: {@code $} is the end
 * of the text, {@code .} excludes only {@code \n}, {@code (?P<name>} groups and POSIX classes work, and what RE2
 * refuses is refused, with no translation to java.util.regex to get wrong.
 */
final class Re2 {

    private static final Logger log = LoggerFactory.getLogger(Re2.class);
    private static final Pattern ALWAYS = Pattern.compile("");

    private Re2() {
    }

    /**
     * The pattern, or one that matches everything when re2j refuses it: the validator must not invent violations
     * Envoy would not report.
     */
    static Pattern compile(String re2) {
        try {
            return Pattern.compile(re2);
        } catch (PatternSyntaxException e) {
            log.warn("re2j refuses the RE2 pattern {}; its rule is not checked: {}", re2, e.getMessage());
            return ALWAYS;
        }
    }
}
