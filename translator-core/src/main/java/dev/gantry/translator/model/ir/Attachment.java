package dev.gantry.translator.model.ir;

import dev.gantry.proto.ResourceStatus;
import dev.gantry.translator.model.Reads;
import java.util.List;
import java.util.Optional;

/**
 * What attaching one route gave: its status (absent when it names no parent of ours), the listeners it attached
 * to, and what it was built from besides the route itself.
 *
 * @param view the route as attachment sees it (kept: reading a route's age parses a timestamp)
 * @param reaches where each of the view's parentRefs reached, in order
 * @param rules the route's resolved rules, {@code null} when it names no parent of ours
 * @param rulesReads what resolving the rules read from the index
 * @param reads what the whole attachment read from the index (the rules' reads included)
 */
record Attachment(RouteView view, List<ParentReach> reaches, Optional<ResourceStatus> status, List<Placement> placements,
        RouteRules rules, Reads rulesReads, Reads reads) {
}
