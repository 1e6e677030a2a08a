package dev.gantry.support.policy;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.gantry.proto.PolicyNotice;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.connection.Message;
import org.springframework.data.redis.connection.MessageListener;

/**
 * Loads the policy a {@link PolicyNotice} of its kind names (notices of other kinds are for the other service).
 * The hash, not the notice, is the truth: it may already hold a newer version than announced.
 */
public class PolicyNoticeListener implements MessageListener {

    private static final Logger log = LoggerFactory.getLogger(PolicyNoticeListener.class);

    private final PolicyLoader loader;
    private final PolicyReader reader;
    private final Counter badNotices;

    public PolicyNoticeListener(PolicyLoader loader, PolicyReader reader, MeterRegistry meters, String meterPrefix) {
        this.loader = loader;
        this.reader = reader;
        this.badNotices = Counter.builder(meterPrefix + ".notices.invalid")
                .description("Policy notices that could not be read").register(meters);
    }

    @Override
    public void onMessage(Message message, byte[] pattern) {
        PolicyNotice notice;
        try {
            notice = PolicyNotice.parseFrom(message.getBody());
        } catch (InvalidProtocolBufferException e) {
            badNotices.increment();
            log.warn("ignoring an unreadable policy notice ({} bytes); the next reconcile catches up",
                    message.getBody().length);
            return;
        }
        if (!reader.kind().equals(notice.getKind())) {
            return;
        }
        if (notice.getNamespace().isEmpty() || notice.getName().isEmpty()) {
            badNotices.increment();
            log.warn("ignoring a {} notice without namespace or name", notice.getKind());
            return;
        }
        PolicyName name = new PolicyName(notice.getNamespace(), notice.getName());
        if (notice.getVersion() <= loader.heldVersion(name)) {
            return;
        }
        try {
            PolicyLoader.Outcome outcome = loader.apply(reader.read(name));
            log.debug("notice for {} {} version {}: {}", reader.kind(), name, notice.getVersion(), outcome);
        } catch (RuntimeException e) {
            log.warn("could not load {} {} after its notice: {}; the next reconcile retries", reader.kind(), name,
                    e.toString());
        }
    }
}
