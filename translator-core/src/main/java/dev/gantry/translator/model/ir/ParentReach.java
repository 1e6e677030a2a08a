package dev.gantry.translator.model.ir;

import java.util.List;
import java.util.SortedSet;

/**
 * Where one parentRef of a route reaches among the listeners at work, before it is written as conditions and
 * placements. It depends only on the route, the listeners of the Gateway the parentRef resolves to, and (for an
 * {@code allowedRoutes} selector) namespace labels, so a round whose listeners changed can tell, route by route,
 * whether a kept attachment still holds: it does when every parentRef reaches where it did.
 *
 * @param gatewayKey the Gateway at work the parentRef resolves to, {@code null} for {@link Verdict#NOT_OURS}
 * @param landings where it attaches when {@link Verdict#ATTACHED}, in listener order
 */
record ParentReach(String gatewayKey, Verdict verdict, List<Landing> landings) {

    static final ParentReach NOT_OURS = new ParentReach(null, Verdict.NOT_OURS, List.of());

    enum Verdict {
        /** Not a Gateway or ListenerSet, or none at work: the parentRef gets no status from us. */
        NOT_OURS,
        /** No listener matches the parentRef's sectionName and port. */
        NO_MATCHING_LISTENER,
        /** The parentRef names a ListenerSet that its Gateway does not take. */
        LISTENER_SET_NOT_ATTACHED,
        /** Listeners match, but none allows the route's kind from its namespace. */
        NOT_ALLOWED,
        /** Listeners allow it, but none shares a hostname with it. */
        NO_MATCHING_HOSTNAME,
        ATTACHED
    }

    /**
     * One listener the parentRef attaches to.
     *
     * @param position the listener's position in its Gateway's listener list
     * @param domains the hostnames served there (SNI names for a TLSRoute), after listener isolation
     * @param passthroughListener a TLS listener that does not terminate TLS
     */
    record Landing(int position, SortedSet<String> domains, boolean passthroughListener) {
    }
}
