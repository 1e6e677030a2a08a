package dev.gantry.ratelimit.policy;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.gantry.proto.PolicyNotice;
import dev.gantry.ratelimit.rules.ConfigRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.connection.Message;
import org.springframework.data.redis.connection.MessageListener;

/** Reacts to the translator's {@link PolicyNotice}s for RateLimitConfigs by loading the config named. */
public class PolicyNoticeListener implements MessageListener {

    private static final Logger log = LoggerFactory.getLogger(PolicyNoticeListener.class);

    private final PolicyLoader loader;
    private final PolicyReader reader;
    private final ConfigRegistry registry;

    public PolicyNoticeListener(PolicyLoader loader, PolicyReader reader, ConfigRegistry registry) {
        this.loader = loader;
        this.reader = reader;
        this.registry = registry;
    }

    @Override
    public void onMessage(Message message, byte[] pattern) {
        PolicyNotice notice;
        try {
            notice = PolicyNotice.parseFrom(message.getBody());
        } catch (InvalidProtocolBufferException e) {
            log.warn("ignoring an unreadable policy notice ({} bytes); the next reconcile catches up",
                    message.getBody().length);
            return;
        }
        if (!PolicyReader.KIND.equals(notice.getKind()) || notice.getNamespace().isEmpty() || notice.getName().isEmpty()) {
            return;
        }
        String namespacedName = notice.getNamespace() + "/" + notice.getName();
        if (notice.getVersion() <= registry.heldVersion(PolicyReader.configId(namespacedName))) {
            return;
        }
        try {
            // the hash, not the notice, is the truth: it may already hold a newer version than announced
            PolicyLoader.Outcome outcome = loader.apply(reader.read(namespacedName));
            log.debug("notice for {} version {}: {}", namespacedName, notice.getVersion(), outcome);
        } catch (RuntimeException e) {
            log.warn("could not load RateLimitConfig {} after its notice: {}; the next reconcile retries",
                    namespacedName, e.toString());
        }
    }
}
