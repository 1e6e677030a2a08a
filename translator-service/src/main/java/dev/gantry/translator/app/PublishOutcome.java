package dev.gantry.translator.app;

import dev.gantry.proto.ResourceStatus;
import dev.gantry.translator.shard.ShardView;
import dev.gantry.translator.status.ProgrammedState;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One publishing cycle: the statuses the translation computed for the objects this replica owns and, per owned
 * Gateway ({@code <namespace>/<name>}), what became of its snapshot; {@code owned} is the ownership the cycle ran
 * under, so that statuses of objects owned elsewhere are neither sent nor withdrawn. The statuses are those of the
 * owned Gateways' translation; {@code partedObjects} lists the objects whose status goes in parts by shard (see
 * {@code StatusParts}), asked only when shards are taken over.
 */
public record PublishOutcome(List<ResourceStatus> statuses, Map<String, ProgrammedState> programmed, ShardView owned,
        Supplier<? extends Collection<String>> partedObjects, boolean settled) {

    public PublishOutcome(List<ResourceStatus> statuses, Map<String, ProgrammedState> programmed, ShardView owned,
            Supplier<? extends Collection<String>> partedObjects) {
        this(statuses, programmed, owned, partedObjects, true);
    }

    /** A cycle that ended before anything was decided (the shards moved under it): no status is sent for it. */
    public static PublishOutcome unsettled(ShardView owned) {
        return new PublishOutcome(List.of(), Map.of(), owned, List::of, false);
    }

    public PublishOutcome {
        statuses = List.copyOf(statuses);
        programmed = Map.copyOf(programmed);
    }

    public PublishOutcome(List<ResourceStatus> statuses, Map<String, ProgrammedState> programmed) {
        this(statuses, programmed, ShardView.ALL, List::of);
    }
}
