package dev.gantry.translator.golden;

import java.util.List;
import org.assertj.core.util.diff.DiffUtils;

/**
 * A unified diff of two texts, short enough to read in a test report: the line where they first differ,
 * then every hunk with three lines of context, cut after {@value #MAX_LINES} lines (the IDE shows the whole
 * comparison). The diff itself is AssertJ's copy of java-diff-utils (Myers' algorithm), already on the test
 * classpath, so an inserted route shows as a few {@code +} lines rather than as everything after it.
 */
final class TextDiff {

    private static final int CONTEXT = 3;
    private static final int MAX_LINES = 150;

    private TextDiff() {
    }

    /** Empty when the texts are equal. */
    static String unified(String expected, String actual, String expectedName, String actualName) {
        List<String> before = expected.lines().toList();
        List<String> after = actual.lines().toList();
        if (before.equals(after)) {
            return "";
        }
        List<String> diff = DiffUtils.generateUnifiedDiff(expectedName, actualName, before,
                DiffUtils.diff(before, after), CONTEXT);
        StringBuilder text = new StringBuilder("first difference at line ").append(firstDifference(before, after))
                .append('\n');
        diff.stream().limit(MAX_LINES).forEach(line -> text.append(line).append('\n'));
        if (diff.size() > MAX_LINES) {
            text.append("... ").append(diff.size() - MAX_LINES).append(" more diff lines\n");
        }
        return text.toString();
    }

    private static int firstDifference(List<String> before, List<String> after) {
        int line = 0;
        while (line < before.size() && line < after.size() && before.get(line).equals(after.get(line))) {
            line++;
        }
        return line + 1;
    }
}
