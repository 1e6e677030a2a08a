package dev.gantry.cli;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import dev.gantry.translator.validation.AnyTypes;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Writes config dumps as JSON (protobuf's JSON mapping, Anys with their {@code @type}) or as YAML
 * converted from that JSON. The registry for printing is translator-core's {@code DumpTypes}; the one here
 * parses printed JSON back (tests), from the {@code @type}s it names.
 */
final class DumpFormat {

    enum Output { yaml, json }

    private static final Pattern TYPE_URL = Pattern.compile("\"@type\"\\s*:\\s*\"([^\"]+)\"");

    private DumpFormat() {
    }

    /** The registry for every {@code @type} named in a JSON text, to parse it back. */
    static JsonFormat.TypeRegistry registryForJson(String json) {
        Set<Descriptor> types = new LinkedHashSet<>();
        Matcher matcher = TYPE_URL.matcher(json);
        while (matcher.find()) {
            AnyTypes.shared().descriptor(matcher.group(1)).ifPresent(types::add);
        }
        return JsonFormat.TypeRegistry.newBuilder().add(types).build();
    }

    static String json(Message message, JsonFormat.TypeRegistry registry) throws InvalidProtocolBufferException {
        return JsonFormat.printer().usingTypeRegistry(registry).print(message);
    }

    /** JSON is YAML: load it as maps and lists, then write them in block style. */
    static String yaml(Map<String, Object> document) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndicatorIndent(2);
        options.setIndentWithIndicator(true);
        options.setWidth(Integer.MAX_VALUE);
        return new Yaml(options).dump(document);
    }

    static Object parseJson(String json) {
        return new Yaml().load(json);
    }
}
