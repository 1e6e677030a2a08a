package dev.gantry.translator.model.ir;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Each route's {@link Attachment} as last computed, by route object: the index keeps the same object while
 * the route is unchanged, so an identity lookup finds it. Valid only in the same {@link AttachmentContext};
 * a new context forgets everything. What a round does not ask for again is dropped with the round before.
 */
final class RouteAttachments {

    private AttachmentContext context;
    private boolean continued;
    private Map<Object, Attachment> before = new IdentityHashMap<>();
    private Map<Object, Attachment> now = new IdentityHashMap<>();
    private boolean lastWasNew;

    void startRound(AttachmentContext next) {
        continued = Objects.equals(context, next);
        before = continued ? now : new IdentityHashMap<>();
        now = new IdentityHashMap<>(Math.max(16, before.size() * 4 / 3 + 1));
        context = next;
    }

    /** Whether this round continues the last one (same context): then only the changes need counting. */
    boolean continued() {
        return continued;
    }

    Attachment get(Object route, Supplier<Attachment> attach) {
        Attachment attachment = before.get(route);
        lastWasNew = attachment == null;
        if (lastWasNew) {
            attachment = attach.get();
        }
        now.put(route, attachment);
        return attachment;
    }

    /** Whether the last {@link #get} computed the attachment (the route is new or changed). */
    boolean lastWasNew() {
        return lastWasNew;
    }

    /** The attachments of the last round whose routes this round did not ask for (changed or deleted). */
    List<Attachment> dropped() {
        List<Attachment> dropped = new ArrayList<>();
        before.forEach((route, attachment) -> {
            if (!now.containsKey(route)) {
                dropped.add(attachment);
            }
        });
        return dropped;
    }
}
