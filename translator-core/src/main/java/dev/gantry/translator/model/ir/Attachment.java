package dev.gantry.translator.model.ir;

import dev.gantry.proto.ResourceStatus;
import java.util.List;
import java.util.Optional;

/**
 * What attaching one route gave: its status (absent when it names no parent of ours) and the listeners it
 * attached to.
 */
record Attachment(Optional<ResourceStatus> status, List<Placement> placements) {

    static final Attachment NONE = new Attachment(Optional.empty(), List.of());
}
