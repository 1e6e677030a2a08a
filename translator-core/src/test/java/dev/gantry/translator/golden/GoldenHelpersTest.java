package dev.gantry.translator.golden;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The parts of the golden test that could hide a problem if they were wrong: the diff and the redaction. */
class GoldenHelpersTest {

    @Test
    void theDiffShowsAnInsertionAsAddedLinesWithContext() {
        String expected = "a\nb\nc\nd\ne\nf\ng\n";
        String actual = "a\nb\nc\nd\nnew\ne\nf\ng\n";

        String diff = TextDiff.unified(expected, actual, "x.out.yaml (expected)", "x.out.yaml (actual)");

        assertThat(diff).startsWith("first difference at line 5\n")
                .contains("--- x.out.yaml (expected)", "+++ x.out.yaml (actual)", "+new", " d", " e")
                .doesNotContain("-e");
        assertThat(TextDiff.unified(expected, expected, "a", "b")).isEmpty();
    }

    @Test
    void privateKeysAndGenericSecretsAreRedactedWhereverTheyNest() {
        Object document = Map.of("xds", List.of(Map.of(
                "tlsCertificate", Map.of("certificateChain", Map.of("inlineString", "CERT"),
                        "privateKey", Map.of("inlineBytes", "S0VZ")),
                "typedConfig", Map.of("genericSecret", Map.of("secret", Map.of("inlineString", "hunter2"))))));

        String redacted = Redaction.redact(document).toString();

        assertThat(redacted).contains("CERT", Redaction.REDACTED).doesNotContain("S0VZ", "hunter2");
    }
}
