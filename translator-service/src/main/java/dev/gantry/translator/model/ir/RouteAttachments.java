package dev.gantry.translator.model.ir;

import java.util.IdentityHashMap;
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
    private Map<Object, Attachment> before = new IdentityHashMap<>();
    private Map<Object, Attachment> now = new IdentityHashMap<>();

    void startRound(AttachmentContext next) {
        before = Objects.equals(context, next) ? now : new IdentityHashMap<>();
        now = new IdentityHashMap<>(Math.max(16, before.size() * 4 / 3 + 1));
        context = next;
    }

    Attachment get(Object route, Supplier<Attachment> attach) {
        Attachment attachment = before.get(route);
        if (attachment == null) {
            attachment = attach.get();
        }
        now.put(route, attachment);
        return attachment;
    }
}

