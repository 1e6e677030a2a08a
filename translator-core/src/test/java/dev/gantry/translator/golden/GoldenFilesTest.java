package dev.gantry.translator.golden;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.translator.envoy.GatewayTranslator;
import dev.gantry.translator.envoy.TranslationResult;
import dev.gantry.translator.model.TestResources;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.opentest4j.AssertionFailedError;

/**
 * Golden files of the translator, in the manner of Envoy Gateway's {@code testdata/*.in.yaml} /
 * {@code *.out.yaml}: each {@code src/test/resources/testdata/<case>.in.yaml} (a multi-document YAML of
 * Gateway API and Gantry resources) is translated by a fresh {@link GatewayTranslator}, and the result
 * ({@link GoldenRenderer}: each Gateway's Envoy config_dump plus the status of every object, private keys
 * redacted) must equal {@code <case>.out.yaml} line for line. A mismatch shows a unified diff.
 *
 * <p>After an intended change of the translation, regenerate every expected output and review the diff:
 *
 * <pre>
 * ./mvnw -B -ntp -pl translator-core -am verify -Dtest=GoldenFilesTest -Dsurefire.failIfNoSpecifiedTests=false -Dgolden.update=true
 * git diff translator-core/src/test/resources/testdata
 * </pre>
 *
 * A new case is a new {@code <case>.in.yaml}; the same command writes its {@code .out.yaml}. See
 * {@code docs/testing.md}.
 */
class GoldenFilesTest {

    static List<GoldenCase> cases() {
        return GoldenFiles.cases(GoldenFiles.directory());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void translationMatchesTheGoldenFile(GoldenCase golden) {
        String input = GoldenFiles.read(golden.input());
        TranslationResult result = new GatewayTranslator().translateAll(TestResources.index(input));
        String actual = header(golden) + new GoldenRenderer().render(result);
        String expected = GoldenFiles.read(golden.output());
        // committed files must never hold key material, whatever a renderer change lets through
        assertThat(actual).as("%s: rendered output", golden.name()).doesNotContain("PRIVATE KEY");

        if (GoldenFiles.updating()) {
            if (!actual.equals(expected)) {
                GoldenFiles.write(golden.output(), actual);
                System.out.println("golden file rewritten: " + golden.output());
            }
            return;
        }
        if (expected.isEmpty()) {
            throw new AssertionError(golden.output().getFileName() + " is missing; write it with: " + GoldenFiles.REGENERATE);
        }
        String diff = TextDiff.unified(expected, actual, golden.name() + GoldenCase.OUT + " (expected)",
                golden.name() + GoldenCase.OUT + " (actual translation)");
        if (!diff.isEmpty()) {
            // expected and actual ride along so an IDE can show the whole comparison
            throw new AssertionFailedError(golden.name() + ": the translation differs from its golden file; if the change"
                    + " is intended, regenerate with\n  " + GoldenFiles.REGENERATE + "\nand review the git diff.\n" + diff,
                    expected, actual);
        }
    }

    /** A stale expectation (its input renamed or deleted) would otherwise sit there unchecked. */
    @Test
    void everyExpectedOutputHasItsInput() {
        Path directory = GoldenFiles.directory();
        assertThat(GoldenFiles.names(directory, GoldenCase.OUT)).as("%s: .out.yaml files without their .in.yaml", directory)
                .isSubsetOf(GoldenFiles.names(directory, GoldenCase.IN));
    }

    private static String header(GoldenCase golden) {
        return "# Generated from " + golden.name() + GoldenCase.IN + " by GoldenFilesTest; do not edit. Regenerate with:\n# "
                + GoldenFiles.REGENERATE + "\n";
    }
}
