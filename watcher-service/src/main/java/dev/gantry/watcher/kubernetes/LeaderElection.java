package dev.gantry.watcher.kubernetes;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfig;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;

/**
 * Competes for a Lease with the other watcher replicas (fabric8's {@code LeaderElector}). After losing
 * the lead it becomes a candidate again. Only the leader may write to the Kubernetes API.
 */
public class LeaderElection implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(LeaderElection.class);

    private final KubernetesClient client;
    private final LeaderElectionProperties properties;
    private final String namespace;
    private final String identity;
    private final ScheduledExecutorService restarts = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "gantry-leader-election");
        thread.setDaemon(true);
        return thread;
    });

    private volatile boolean leader;
    private volatile String currentLeader;
    private volatile boolean running;
    private volatile CompletableFuture<?> election;

    public LeaderElection(KubernetesClient client, LeaderElectionProperties properties, String namespace,
            String identity) {
        this.client = client;
        this.properties = properties;
        this.namespace = namespace;
        this.identity = identity;
    }

    public boolean isLeader() {
        return leader;
    }

    public String identity() {
        return identity;
    }

    /** The identity of the replica that leads, as last seen; {@code null} before anyone was seen. */
    public String currentLeader() {
        return currentLeader;
    }

    public String lease() {
        return namespace + "/" + properties.leaseName();
    }

    @Override
    public void start() {
        running = true;
        log.info("Competing for Lease {} as {}", lease(), identity);
        restarts.execute(this::campaign);
    }

    @Override
    public void stop() {
        running = false;
        CompletableFuture<?> current = election;
        if (current != null) {
            // releaseOnCancel: the Lease is handed back so another replica takes over without waiting.
            current.cancel(true);
        }
        leader = false;
        restarts.shutdownNow();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    // Stop status writers before we give up the lead, start them after we compete.
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 1000;
    }

    private void campaign() {
        if (!running) {
            return;
        }
        LeaderElectionConfig config = new LeaderElectionConfigBuilder()
                .withName(properties.leaseName())
                .withLeaseDuration(properties.leaseDuration())
                .withRenewDeadline(properties.renewDeadline())
                .withRetryPeriod(properties.retryPeriod())
                .withReleaseOnCancel(true)
                .withLock(new LeaseLock(namespace, properties.leaseName(), identity))
                .withLeaderCallbacks(new LeaderCallbacks(this::startedLeading, this::stoppedLeading,
                        this::newLeader))
                .build();
        CompletableFuture<?> future = client.leaderElector().withConfig(config).build().start();
        election = future;
        future.whenComplete((ignored, error) -> {
            leader = false;
            if (running) {
                log.info("Leader election for {} ended ({}); competing again", lease(),
                        error == null ? "lead lost" : error.toString());
                restarts.schedule(this::campaign, properties.retryPeriod().toMillis(), TimeUnit.MILLISECONDS);
            }
        });
    }

    private void startedLeading() {
        leader = true;
        log.info("{} now leads {}", identity, lease());
    }

    private void stoppedLeading() {
        leader = false;
        log.info("{} stopped leading {}", identity, lease());
    }

    private void newLeader(String newLeader) {
        currentLeader = newLeader;
        log.info("Leader of {} is {}", lease(), newLeader);
    }
}
