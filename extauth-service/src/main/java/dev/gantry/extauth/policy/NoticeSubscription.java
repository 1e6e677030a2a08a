package dev.gantry.extauth.policy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import org.springframework.stereotype.Component;

/**
 * Keeps the subscription to policy notices up. It is (re)started before each reconcile pass, so a notice sent
 * between the pass's reads and the subscription cannot be lost. Once subscribed, the Redis client re-subscribes
 * by itself after a reconnect, and the next pass catches up with what was published meanwhile.
 */
@Component
public class NoticeSubscription {

    private static final Logger log = LoggerFactory.getLogger(NoticeSubscription.class);

    private final RedisMessageListenerContainer container;

    public NoticeSubscription(RedisMessageListenerContainer policyNoticeContainer) {
        this.container = policyNoticeContainer;
    }

    /** @return whether notices are being received */
    public boolean ensureSubscribed() {
        if (container.isRunning() && container.isListening()) {
            return true;
        }
        try {
            if (container.isRunning()) {
                container.stop();
            }
            container.start();
            return container.isListening();
        } catch (RuntimeException e) {
            log.debug("cannot subscribe to policy notices yet: {}", e.toString());
            try {
                container.stop();
            } catch (RuntimeException ignored) {
                // nothing was running
            }
            return false;
        }
    }

    public void close() {
        container.stop();
    }
}
