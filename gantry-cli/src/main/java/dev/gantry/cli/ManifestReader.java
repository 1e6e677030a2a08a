package dev.gantry.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads Kubernetes manifests from files, directories (their {@code .yaml}, {@code .yml} and {@code .json}
 * files, sorted, recursively) and standard input ({@code -}), as multi-document YAML (JSON is YAML).
 */
final class ManifestReader {

    static final String STDIN = "-";

    /** Replaced in every input, so the conformance suite's manifests can be fed as they are. */
    static final String GATEWAY_CLASS_PLACEHOLDER = "{GATEWAY_CLASS_NAME}";

    private final String gatewayClassName;
    private final InputStream stdin;

    ManifestReader(String gatewayClassName, InputStream stdin) {
        this.gatewayClassName = gatewayClassName;
        this.stdin = stdin;
    }

    List<Manifest> read(List<String> inputs) throws InputProblem {
        List<Manifest> manifests = new ArrayList<>();
        for (String input : inputs) {
            if (STDIN.equals(input)) {
                manifests.addAll(parse("<stdin>", readStdin()));
            } else {
                for (Path file : files(Path.of(input))) {
                    manifests.addAll(parse(file.toString(), readFile(file)));
                }
            }
        }
        return manifests;
    }

    private String readStdin() throws InputProblem {
        try {
            return new String(stdin.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InputProblem("<stdin>", null, "cannot be read: " + e.getMessage());
        }
    }

    private static List<Path> files(Path input) throws InputProblem {
        if (!Files.exists(input)) {
            throw new InputProblem(input.toString(), null, "no such file or directory");
        }
        if (!Files.isDirectory(input)) {
            return List.of(input);
        }
        try (Stream<Path> walk = Files.walk(input)) {
            return walk.filter(Files::isRegularFile)
                    .filter(file -> file.toString().matches(".*\\.(ya?ml|json)$"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new InputProblem(input.toString(), null, "cannot be listed: " + e.getMessage());
        }
    }

    private static String readFile(Path file) throws InputProblem {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InputProblem(file.toString(), null, "cannot be read: " + e.getMessage());
        } catch (RuntimeException e) {
            throw new InputProblem(file.toString(), null, "is not UTF-8 text: " + e.getMessage());
        }
    }

    private List<Manifest> parse(String source, String text) throws InputProblem {
        List<Manifest> manifests = new ArrayList<>();
        int document = 0;
        try {
            for (Object parsed : yaml().loadAll(text.replace(GATEWAY_CLASS_PLACEHOLDER, gatewayClassName))) {
                document++;
                if (parsed == null) {
                    continue; // an empty document, e.g. after a trailing ---
                }
                if (!(parsed instanceof Map<?, ?> map)) {
                    throw new InputProblem(source, "document " + document, "is not an object but "
                            + parsed.getClass().getSimpleName().toLowerCase());
                }
                @SuppressWarnings("unchecked")
                Manifest manifest = new Manifest(source, document, (Map<String, Object>) map);
                requireIdentity(manifest);
                manifests.add(manifest);
            }
        } catch (MarkedYAMLException e) {
            var mark = e.getProblemMark();
            throw new InputProblem(source, "document " + (document + 1), "is not valid YAML at line "
                    + (mark == null ? "?" : mark.getLine() + 1) + ": " + e.getProblem());
        } catch (YAMLException e) {
            throw new InputProblem(source, "document " + (document + 1), "is not valid YAML: " + e.getMessage());
        }
        return manifests;
    }

    private static void requireIdentity(Manifest manifest) throws InputProblem {
        List<String> missing = new ArrayList<>();
        if (manifest.apiVersion() == null) {
            missing.add("apiVersion");
        }
        if (manifest.kind() == null) {
            missing.add("kind");
        }
        if (manifest.name() == null) {
            missing.add("metadata.name");
        }
        if (!missing.isEmpty()) {
            throw new InputProblem(manifest.source(), manifest.describe(), "has no " + String.join(", ", missing));
        }
    }

    /** Plain maps and lists; timestamps stay text, as Kubernetes keeps them; no arbitrary types. */
    private static Yaml yaml() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        SafeConstructor constructor = new SafeConstructor(options) {
            {
                yamlConstructors.put(Tag.TIMESTAMP, new ConstructYamlStr());
            }
        };
        return new Yaml(constructor);
    }
}
