package dev.gantry.translator.model.ir;

import java.util.List;

/**
 * What a route's attachment depends on besides the route itself: every object that is not a route (the
 * index's dependency epoch) and the Gateways being translated.
 */
record AttachmentContext(long dependencyEpoch, List<String> gateways) {
}
