package dev.gantry.support.policy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;

/**
 * Starts the notice subscription when Redis can be reached, instead of at context start: a container started by
 * Spring fails the whole application when Redis is down, and the service must come up (alive, not ready) without
 * it. Once listening, the container re-subscribes by itself after a connection loss.
 */
public class NoticeSubscription {

    private static final Logger log = LoggerFactory.getLogger(NoticeSubscription.class);

    private final RedisMessageListenerContainer container;

    public NoticeSubscription(RedisMessageListenerContainer container) {
        this.container = container;
    }

    /** Whether notices are being received, after trying to subscribe if they were not. */
    public synchronized boolean ensureListening() {
        if (container.isRunning() && container.isListening()) {
            return true;
        }
        try {
            if (container.isRunning()) {
                container.stop();
            }
            container.start();
        } catch (RuntimeException e) {
            log.debug("could not subscribe to policy notices yet: {}", e.toString());
        }
        return container.isListening();
    }

    public synchronized void stop() {
        container.stop();
    }
}
