package dev.gantry.translator.model.ir;

import dev.gantry.translator.reuse.Lockstep;
import dev.gantry.translator.model.ResourceIndex;
import java.util.List;
import java.util.Objects;

/**
 * Each route's {@link Attachment} as last computed, by route object: the index keeps the same object while
 * the route is unchanged, and hands the routes over in a stable order, so they are found in step
 * ({@link Lockstep}). An attachment is reused only in the same {@link AttachmentContext} and while nothing it read
 * from the index changed; across contexts only its rules may be.
 */
final class RouteAttachments {

    private AttachmentContext context;
    private boolean continued;
    private final Lockstep<Object, Attachment> kept = new Lockstep<>();

    void startRound(AttachmentContext next) {
        continued = Objects.equals(context, next);
        kept.startRound(false);
        context = next;
    }

    /** Whether this round continues the last one (same context): then only the changes need counting. */
    boolean continued() {
        return continued;
    }

    /** The attachment the route had last round, or {@code null} when it is new; call for every route, in order. */
    Attachment last(Object route) {
        return kept.find(route);
    }

    /** This round's attachment of the route; call after {@link #last} for the same route. */
    void keep(Object route, Attachment attachment) {
        kept.keep(route, attachment);
    }

    /** Whether nothing any attachment of the last round read has changed since. */
    boolean unchanged(ResourceIndex index) {
        for (Attachment attachment : kept.values()) {
            if (!index.unchanged(attachment.reads())) {
                return false;
            }
        }
        return true;
    }

    /** Ends the round: the attachments of the last round not asked for again (their routes changed or went). */
    List<Attachment> endRound() {
        return kept.endRound();
    }
}
