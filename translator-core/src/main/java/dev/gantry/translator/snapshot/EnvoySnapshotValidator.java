package dev.gantry.translator.snapshot;

import dev.gantry.translator.envoy.EnvoyResources;
import dev.gantry.translator.validation.EnvoyValidator;
import dev.gantry.translator.validation.InvalidResource;
import dev.gantry.translator.validation.ResourceValidation;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The production {@link SnapshotValidator}: every resource against Envoy's own {@code validate.rules}.
 * The problem text names each invalid resource (type and name), the field path and the broken rule.
 */
public final class EnvoySnapshotValidator implements SnapshotValidator {

    private final EnvoyValidator validator;
    /** Per Gateway: each remembers what it found in that Gateway's last resources. */
    private final Map<String, ResourceValidation> validations = new HashMap<>();

    public EnvoySnapshotValidator(EnvoyValidator validator) {
        this.validator = validator;
    }

    @Override
    public Optional<String> problems(String gateway, EnvoyResources resources) {
        List<InvalidResource> invalid = validations.computeIfAbsent(gateway, ignored -> new ResourceValidation(validator))
                .invalidResources(resources);
        if (invalid.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("Envoy would reject " + invalid.size() + " resource(s): "
                + invalid.stream().map(InvalidResource::describe).collect(Collectors.joining(" | ")));
    }

    @Override
    public void forget(String gateway) {
        validations.remove(gateway);
    }
}
