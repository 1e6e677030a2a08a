package dev.gantry.translator.app;

import dev.gantry.proto.ResourceStatus;
import dev.gantry.translator.status.ProgrammedState;
import java.util.List;
import java.util.Map;

/**
 * One publishing cycle: the statuses the translation computed and, per Gateway ({@code <namespace>/<name>}),
 * what became of its snapshot.
 */
public record PublishOutcome(List<ResourceStatus> statuses, Map<String, ProgrammedState> programmed) {

    public PublishOutcome {
        statuses = List.copyOf(statuses);
        programmed = Map.copyOf(programmed);
    }
}
