package dev.gantry.xds.redis;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.gantry.proto.SnapshotNotice;
import dev.gantry.xds.server.GatewaySnapshotRegistry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.connection.Message;
import org.springframework.data.redis.connection.MessageListener;
import org.springframework.stereotype.Component;

/** Reacts to the translator's {@link SnapshotNotice}s by loading the Gateway it names, when it is newer. */
@Component
public class SnapshotNoticeListener implements MessageListener {

    private static final Logger log = LoggerFactory.getLogger(SnapshotNoticeListener.class);

    private final SnapshotLoader loader;
    private final RedisSnapshotReader reader;
    private final GatewaySnapshotRegistry registry;
    private final SnapshotReconciler reconciler;
    private final Counter badNotices;
    private final Timer applied;

    public SnapshotNoticeListener(SnapshotLoader loader, RedisSnapshotReader reader,
                                  GatewaySnapshotRegistry registry, SnapshotReconciler reconciler, MeterRegistry meters) {
        this.loader = loader;
        this.reconciler = reconciler;
        this.reader = reader;
        this.registry = registry;
        this.badNotices = Counter.builder("gantry.xds.notices.invalid")
                .description("Snapshot notices that could not be read").register(meters);
        this.applied = Timer.builder("gantry.xds.notice.applied")
                .description("From a snapshot notice received to the snapshot read, parsed and handed to the "
                        + "xDS cache, which pushes it on every open watch: xds-service's share of a change's way")
                .register(meters);
    }

    /**
     * Only the parts the change rewrote when we serve the version it was made on and Redis still holds the version
     * announced (else a later write may have rewritten other parts too): the whole snapshot otherwise.
     */
    private StoredSnapshot read(SnapshotNotice notice) {
        String gateway = notice.getGateway();
        if (notice.getBaseVersion() > 0 && notice.getBaseVersion() == registry.heldVersion(gateway)
                && !notice.getRemoved()) {
            StoredSnapshot changed = reader.readParts(gateway, notice.getPartsList(), notice.getBaseVersion());
            if (changed.exists() && changed.version() == notice.getVersion()) {
                return changed;
            }
        }
        return reader.read(gateway);
    }

    @Override
    public void onMessage(Message message, byte[] pattern) {
        long received = System.nanoTime();
        SnapshotNotice notice;
        try {
            notice = SnapshotNotice.parseFrom(message.getBody());
        } catch (InvalidProtocolBufferException e) {
            badNotices.increment();
            log.warn("ignoring unreadable snapshot notice ({} bytes); the next reconcile catches up",
                    message.getBody().length);
            return;
        }
        if (notice.getGateway().isEmpty()) {
            badNotices.increment();
            return;
        }
        if (!notice.getIncarnation().isEmpty() && !notice.getIncarnation().equals(registry.incarnation())) {
            // written into a new incarnation of Redis: its versions do not compare with ours; a full pass sorts it out
            reconciler.reconcileSoon();
            return;
        }
        if (notice.getVersion() <= registry.heldVersion(notice.getGateway())) {
            return;
        }
        try {
            // The hash, not the notice, is the truth: it may already hold a newer version than announced.
            SnapshotLoader.Outcome outcome = loader.apply(read(notice));
            if (outcome == SnapshotLoader.Outcome.APPLIED) {
                applied.record(System.nanoTime() - received, TimeUnit.NANOSECONDS);
            }
            log.debug("notice for {} version {}: {}", notice.getGateway(), notice.getVersion(), outcome);
        } catch (RuntimeException e) {
            log.warn("could not load gateway {} after its notice: {}; the next reconcile retries",
                    notice.getGateway(), e.toString());
        }
    }
}
