package dev.gantry.translator.golden;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import dev.gantry.proto.ResourceStatus;
import dev.gantry.translator.dump.ConfigDumps;
import dev.gantry.translator.dump.ConfigDumps.ResourceType;
import dev.gantry.translator.dump.DumpTypes;
import dev.gantry.translator.envoy.EnvoyResources;
import dev.gantry.translator.envoy.TranslationResult;
import dev.gantry.translator.snapshot.EnvoySnapshotValidator;
import dev.gantry.translator.status.ProgrammedState;
import dev.gantry.translator.status.ProgrammedStatus;
import dev.gantry.translator.validation.EnvoyValidator;
import io.envoyproxy.envoy.admin.v3.ConfigDump;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Renders a translation as the text of a golden file, in the shape {@code gantry translate --status} prints
 * (so the two can be compared by eye):
 *
 * <ul>
 *   <li>{@code xds}: per Gateway, Envoy's admin config_dump of what Envoy would receive (clusters, listeners,
 *       routes, secrets, endpoints; {@link ConfigDumps});</li>
 *   <li>{@code apiListeners}: per Gateway, the listeners only proxyless gRPC clients receive (omitted when
 *       none), since a regression there is as real as one in Envoy's config;</li>
 *   <li>{@code status}: every object's status in the translator's order, with each Gateway's Programmed
 *       condition as if its snapshot had been written, or refused when Envoy's validation rules refuse it,
 *       exactly as translator-service would publish it.</li>
 * </ul>
 *
 * Stable by construction: the translator sorts its resources by name, JSON fields come in field-number
 * order, map keys are sorted, and there are no times or versions beyond a fixed "1". Private keys are
 * redacted ({@link Redaction}).
 */
final class GoldenRenderer {

    private static final String VERSION = "1";

    private final EnvoySnapshotValidator validator = new EnvoySnapshotValidator(EnvoyValidator.shared());

    String render(TranslationResult result) {
        Map<String, ConfigDump> dumps = new LinkedHashMap<>();
        Map<String, String> refused = new LinkedHashMap<>();
        List<Message> printed = new ArrayList<>();
        result.gateways().forEach((gateway, resources) -> {
            ConfigDump dump = ConfigDumps.of(resources, ResourceType.all, VERSION);
            dumps.put(gateway, dump);
            printed.add(dump);
            printed.addAll(resources.apiListeners());
            validator.problems(gateway, resources).ifPresent(problem -> refused.put(gateway, problem));
        });
        JsonFormat.Printer printer = JsonFormat.printer().usingTypeRegistry(DumpTypes.registryFor(printed))
                .sortingMapKeys();

        Map<String, Object> document = new LinkedHashMap<>();
        Map<String, Object> xds = new LinkedHashMap<>();
        dumps.forEach((gateway, dump) -> xds.put(gateway, tree(printer, dump)));
        document.put("xds", xds);
        Map<String, Object> apiListeners = new LinkedHashMap<>();
        result.gateways().forEach((gateway, resources) -> apiListeners(printer, resources)
                .ifPresent(listeners -> apiListeners.put(gateway, listeners)));
        if (!apiListeners.isEmpty()) {
            document.put("apiListeners", apiListeners);
        }
        List<Object> statuses = new ArrayList<>();
        for (ResourceStatus status : result.statuses()) {
            statuses.add(tree(printer, programmed(status, refused)));
        }
        document.put("status", statuses);
        return yaml(Redaction.redact(document));
    }

    private static Optional<List<Object>> apiListeners(JsonFormat.Printer printer, EnvoyResources resources) {
        if (resources.apiListeners().isEmpty()) {
            return Optional.empty();
        }
        List<Object> listeners = new ArrayList<>();
        resources.apiListeners().forEach(listener -> listeners.add(tree(printer, listener)));
        return Optional.of(listeners);
    }

    /** The Programmed conditions the snapshot writer would set: written, or refused by Envoy's rules. */
    private static ResourceStatus programmed(ResourceStatus status, Map<String, String> refused) {
        return ProgrammedStatus.programmedWith(status)
                .map(gateway -> ProgrammedStatus.apply(status, refused.containsKey(gateway)
                        ? new ProgrammedState.Invalid(refused.get(gateway)) : new ProgrammedState.Written(1)))
                .orElse(status);
    }

    /** Protobuf's JSON mapping as maps and lists (JSON is YAML, so SnakeYAML reads it in order). */
    private static Object tree(JsonFormat.Printer printer, Message message) {
        try {
            return new Yaml().load(printer.print(message));
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("cannot print " + message.getDescriptorForType().getFullName(), e);
        }
    }

    private static String yaml(Object document) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndicatorIndent(2);
        options.setIndentWithIndicator(true);
        // one value per line, however long: line-based diffs stay meaningful
        options.setWidth(Integer.MAX_VALUE);
        options.setLineBreak(DumperOptions.LineBreak.UNIX);
        return new Yaml(options).dump(document);
    }
}
