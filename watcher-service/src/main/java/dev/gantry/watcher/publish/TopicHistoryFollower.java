package dev.gantry.watcher.publish;

import dev.gantry.support.Failures;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Asks the publisher every {@code gantry.kafka.history-check-interval} whether the resources topic is still the one
 * it published into ({@link KafkaResourcePublisher#followHistory()}), so a topic deleted or created again gets
 * everything again even when no source changes.
 */
class TopicHistoryFollower implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(TopicHistoryFollower.class);

    private final KafkaResourcePublisher publisher;
    private final TopicStateReader reader;
    private final Duration interval;
    private ScheduledExecutorService timer;

    TopicHistoryFollower(KafkaResourcePublisher publisher, TopicStateReader reader, Duration interval) {
        this.publisher = publisher;
        this.reader = reader;
        this.interval = interval;
    }

    @Override
    public synchronized void start() {
        timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "topic-history");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleWithFixedDelay(this::check, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void check() {
        try {
            publisher.followHistory();
        } catch (RuntimeException e) {
            // Kafka away: the sources' own retries report it; this looks again at the next interval
            log.debug("Cannot follow the history of the resources topic now: {}", Failures.reason(e));
        }
    }

    @Override
    public synchronized void stop() {
        if (timer != null) {
            timer.shutdownNow();
            try {
                timer.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            timer = null;
        }
        reader.close();
    }

    @Override
    public synchronized boolean isRunning() {
        return timer != null;
    }
}
