package dev.gantry.translator.app;

import dev.gantry.proto.ResourceStatus;
import dev.gantry.translator.shard.ShardView;
import dev.gantry.translator.status.ProgrammedState;
import java.util.List;
import java.util.Map;

/**
 * One publishing cycle: the statuses the translation computed for the objects this replica owns and, per owned
 * Gateway ({@code <namespace>/<name>}), what became of its snapshot; {@code owned} is the ownership the cycle ran
 * under, so that statuses of objects owned elsewhere are neither sent nor withdrawn.
 */
public record PublishOutcome(List<ResourceStatus> statuses, Map<String, ProgrammedState> programmed, ShardView owned) {

    public PublishOutcome {
        statuses = List.copyOf(statuses);
        programmed = Map.copyOf(programmed);
    }

    public PublishOutcome(List<ResourceStatus> statuses, Map<String, ProgrammedState> programmed) {
        this(statuses, programmed, ShardView.ALL);
    }
}
