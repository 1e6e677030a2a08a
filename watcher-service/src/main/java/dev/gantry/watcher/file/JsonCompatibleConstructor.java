package dev.gantry.watcher.file;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.Tag;

/** Builds plain maps, lists and scalars from a composed YAML node, keeping only what JSON can say. */
final class JsonCompatibleConstructor extends SafeConstructor {

    JsonCompatibleConstructor(LoaderOptions options) {
        super(options);
        // Yaml normally copies this from the options; we construct outside of Yaml, so copy it ourselves.
        setAllowDuplicateKeys(options.isAllowDuplicateKeys());
        // JSON has no date type, and Kubernetes keeps timestamps as the text that was written.
        yamlConstructors.put(Tag.TIMESTAMP, new ConstructYamlStr());
    }

    Object construct(Node document) {
        return constructDocument(document);
    }
}
