package dev.gantry.translator.model.ir;

import dev.gantry.translator.reuse.Lockstep;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Each route's {@link Attachment} as last computed, by route object: the index keeps the same object while
 * the route is unchanged, and hands the routes over in a stable order, so they are found in step
 * ({@link Lockstep}). Valid only in the same {@link AttachmentContext}; a new context forgets everything.
 */
final class RouteAttachments {

    private AttachmentContext context;
    private boolean continued;
    private final Lockstep<Object, Attachment> kept = new Lockstep<>();
    private boolean lastWasNew;

    void startRound(AttachmentContext next) {
        continued = Objects.equals(context, next);
        kept.startRound(!continued);
        context = next;
    }

    /** Whether this round continues the last one (same context): then only the changes need counting. */
    boolean continued() {
        return continued;
    }

    /** The route's attachment; call for every route, in the index's order. */
    Attachment get(Object route, Supplier<Attachment> attach) {
        Attachment attachment = kept.find(route);
        lastWasNew = attachment == null;
        if (lastWasNew) {
            attachment = attach.get();
        }
        kept.keep(route, attachment);
        return attachment;
    }

    /** Whether the last {@link #get} computed the attachment (the route is new or changed). */
    boolean lastWasNew() {
        return lastWasNew;
    }

    /** Ends the round: the attachments of the last round not asked for again (their routes changed or went). */
    List<Attachment> endRound() {
        return kept.endRound();
    }
}
