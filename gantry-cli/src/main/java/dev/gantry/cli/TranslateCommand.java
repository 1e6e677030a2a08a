package dev.gantry.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.gantry.translator.dump.ConfigDumps;
import dev.gantry.translator.dump.ConfigDumps.ResourceType;
import dev.gantry.translator.dump.DumpTypes;
import dev.gantry.cli.DumpFormat.Output;
import dev.gantry.translator.envoy.EnvoyResources;
import dev.gantry.translator.policy.PolicyConfigs;
import dev.gantry.proto.ResourceStatus;
import com.google.protobuf.util.JsonFormat;
import dev.gantry.translator.snapshot.EnvoySnapshotValidator;
import dev.gantry.translator.envoy.GatewayTranslator;
import dev.gantry.translator.envoy.TranslationResult;
import dev.gantry.translator.status.ProgrammedState;
import dev.gantry.translator.status.ProgrammedStatus;
import dev.gantry.translator.model.KubernetesGroups;
import dev.gantry.translator.model.ResourceIndex;
import dev.gantry.translator.validation.EnvoyValidator;
import io.envoyproxy.envoy.admin.v3.ConfigDump;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code gantry translate}: Gateway API manifests in, each Gateway's Envoy configuration out, in the
 * shape of Envoy's admin {@code /config_dump} (like Envoy Gateway's {@code egctl x translate}). Runs
 * the translator of translator-service in process: no Kafka, no Redis, no cluster.
 */
@Command(name = "translate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Translates Gateway API manifests into the Envoy configuration of each Gateway, printed as Envoy's",
            "admin config_dump (under xds.<namespace>/<name>). Needs neither Kafka nor Redis.",
            "A Gateway's GatewayClass is assumed to be Gantry's when the input has none of that name;",
            "'" + ManifestReader.GATEWAY_CLASS_PLACEHOLDER + "' in the input becomes --gateway-class-name."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:the configuration was printed",
            "1:bad input (a file that cannot be read or parsed, an object without apiVersion, kind or"
                    + " metadata.name, an unknown --gateway); the message names the file, the object and the problem",
            "2:printed, but a resource breaks Envoy's validation rules: translator-service would not push it"})
public final class TranslateCommand implements Callable<Integer> {

    @Option(names = {"-f", "--file"}, required = true, paramLabel = "<file|dir|->",
            description = "A manifest file, a directory of them (.yaml, .yml, .json, recursively) or - for standard input."
                    + " Repeatable.")
    List<String> files;

    @Option(names = "--gateway", paramLabel = "<namespace/name>", description = "Only this Gateway.")
    String gateway;

    @Option(names = {"-t", "--type"}, defaultValue = "all", paramLabel = "<type>",
            description = "Resources to show: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    ResourceType type;

    @Option(names = {"-o", "--output"}, defaultValue = "yaml", paramLabel = "<format>",
            description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Output output;

    @Option(names = "--status", description = "Also print the computed status of every input object (under status),"
            + " as translator-service would publish it.")
    boolean status;

    @Option(names = "--policies", description = "Also print the RateLimitConfigs and AuthConfigs each Gateway uses"
            + " (under policies.used) and the configuration ratelimit-service and extauth-service would get for every"
            + " accepted one (under policies.configs; Secrets by name only).")
    boolean policies;

    @Option(names = "--gateway-class-name", defaultValue = "gantry", paramLabel = "<name>",
            description = "The GatewayClass assumed to be Gantry's (default: ${DEFAULT-VALUE}).")
    String gatewayClassName;

    @Spec
    CommandSpec spec;

    private final InputStream stdin;

    public TranslateCommand() {
        this(System.in);
    }

    TranslateCommand(InputStream stdin) {
        this.stdin = stdin;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            List<Manifest> manifests = new ArrayList<>(new ManifestReader(gatewayClassName, stdin).read(files));
            impliedGatewayClass(manifests).ifPresent(implied -> {
                manifests.add(0, implied);
                err.println("note: no GatewayClass '" + gatewayClassName + "' in the input; assuming one with controllerName "
                        + GatewayTranslator.CONTROLLER_NAME);
            });
            ResourceIndex index = new ResourceIndex();
            new IndexLoader().load(manifests, index);
            TranslationResult result = new GatewayTranslator().translateAll(index);
            Map<String, EnvoyResources> translated = selected(result);
            Map<String, String> problems = validate(translated);
            problems.forEach((name, problem) -> err.println("warning: Gateway " + name + ": " + problem));
            Map<String, Object> policyView = null;
            if (policies) {
                policyView = new LinkedHashMap<>();
                policyView.put("used", PolicyView.used(translated));
                policyView.put("configs", PolicyView.configs(PolicyConfigs.of(index)));
            }
            out.print(render(translated, status ? statuses(result, problems) : null, policyView));
            out.flush();
            return problems.isEmpty() ? 0 : 2;
        } catch (InputProblem e) {
            err.println("error: " + e.getMessage());
            err.flush();
            return 1;
        }
    }

    private Map<String, EnvoyResources> selected(TranslationResult result) throws InputProblem {
        List<String> gateways = List.copyOf(result.gateways().keySet());
        if (gateway != null && !gateways.contains(gateway)) {
            throw new InputProblem("--gateway", gateway, gateways.isEmpty() ? "the input has no Gateway of Gantry's"
                    : "is not among the input's Gateways of Gantry's: " + String.join(", ", gateways));
        }
        if (gateways.isEmpty()) {
            throw new InputProblem(String.join(", ", files), null, "holds no Gateway whose GatewayClass has controllerName "
                    + GatewayTranslator.CONTROLLER_NAME);
        }
        Map<String, EnvoyResources> translated = new LinkedHashMap<>();
        result.gateways().forEach((name, resources) -> {
            if (gateway == null || gateway.equals(name)) {
                translated.put(name, resources);
            }
        });
        return translated;
    }

    /** Per Gateway, what translator-service's validator would refuse (it would not push that snapshot). */
    private static Map<String, String> validate(Map<String, EnvoyResources> translated) {
        EnvoySnapshotValidator validator = new EnvoySnapshotValidator(EnvoyValidator.shared());
        Map<String, String> problems = new LinkedHashMap<>();
        translated.forEach((name, resources) -> validator.problems(name, resources).ifPresent(problem -> problems.put(name, problem)));
        return problems;
    }

    /**
     * Every object's status as translator-service would publish it, with each Gateway's Programmed
     * condition as if its snapshot had been written (or refused, when the validator refuses it).
     */
    private static List<Object> statuses(TranslationResult result, Map<String, String> problems)
            throws InvalidProtocolBufferException {
        List<Object> statuses = new ArrayList<>();
        JsonFormat.Printer printer = JsonFormat.printer();
        for (ResourceStatus status : result.statuses()) {
            ResourceStatus shown = status;
            if (ProgrammedStatus.programmedWith(status).isPresent()) {
                String name = ProgrammedStatus.programmedWith(status).get();
                ProgrammedState state = problems.containsKey(name) ? new ProgrammedState.Invalid(problems.get(name))
                        : new ProgrammedState.Written(1);
                shown = ProgrammedStatus.apply(status, state);
            }
            statuses.add(DumpFormat.parseJson(printer.print(shown)));
        }
        return statuses;
    }

    private String render(Map<String, EnvoyResources> translated, List<Object> statuses, Map<String, Object> policyView)
            throws InvalidProtocolBufferException, JsonProcessingException {
        Map<String, ConfigDump> dumps = new LinkedHashMap<>();
        translated.forEach((name, resources) -> dumps.put(name, ConfigDumps.of(resources, type, "1")));
        var registry = DumpTypes.registryFor(dumps.values());
        Map<String, Object> xds = new LinkedHashMap<>();
        for (var entry : dumps.entrySet()) {
            xds.put(entry.getKey(), DumpFormat.parseJson(DumpFormat.json(entry.getValue(), registry)));
        }
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("xds", xds);
        if (statuses != null) {
            document.put("status", statuses);
        }
        if (policyView != null) {
            document.put("policies", policyView);
        }
        return switch (output) {
            case yaml -> DumpFormat.yaml(document);
            case json -> new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(document)
                    + System.lineSeparator();
        };
    }

    /** A GatewayClass of Gantry's named --gateway-class-name, when a Gateway uses that name and the input lacks it. */
    private java.util.Optional<Manifest> impliedGatewayClass(List<Manifest> manifests) {
        boolean present = manifests.stream().anyMatch(manifest -> "GatewayClass".equals(manifest.kind())
                && gatewayClassName.equals(manifest.name()));
        boolean used = manifests.stream().anyMatch(manifest -> "Gateway".equals(manifest.kind())
                && manifest.object().get("spec") instanceof Map<?, ?> spec
                && gatewayClassName.equals(spec.get("gatewayClassName")));
        if (present || !used) {
            return java.util.Optional.empty();
        }
        Map<String, Object> gatewayClass = new LinkedHashMap<>();
        gatewayClass.put("apiVersion", KubernetesGroups.GATEWAY_API + "/v1");
        gatewayClass.put("kind", "GatewayClass");
        gatewayClass.put("metadata", Map.of("name", gatewayClassName));
        gatewayClass.put("spec", Map.of("controllerName", GatewayTranslator.CONTROLLER_NAME));
        return java.util.Optional.of(new Manifest("<implied>", 0, gatewayClass));
    }
}
