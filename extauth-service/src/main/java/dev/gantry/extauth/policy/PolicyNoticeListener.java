package dev.gantry.extauth.policy;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.gantry.extauth.engine.AuthConfigCompiler;
import dev.gantry.extauth.engine.AuthConfigs;
import dev.gantry.proto.PolicyNotice;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.connection.Message;
import org.springframework.data.redis.connection.MessageListener;
import org.springframework.stereotype.Component;

/** Reloads the AuthConfig a {@link PolicyNotice} names; notices of other kinds are for ratelimit-service. */
@Component
public class PolicyNoticeListener implements MessageListener {

    private static final Logger log = LoggerFactory.getLogger(PolicyNoticeListener.class);

    private final AuthConfigLoader loader;
    private final PolicyReader reader;
    private final AuthConfigs configs;
    private final Counter badNotices;

    public PolicyNoticeListener(AuthConfigLoader loader, PolicyReader reader, AuthConfigs configs,
            MeterRegistry meters) {
        this.loader = loader;
        this.reader = reader;
        this.configs = configs;
        this.badNotices = Counter.builder("gantry.extauth.notices.invalid")
                .description("Policy notices that could not be read").register(meters);
    }

    @Override
    public void onMessage(Message message, byte[] pattern) {
        PolicyNotice notice;
        try {
            notice = PolicyNotice.parseFrom(message.getBody());
        } catch (InvalidProtocolBufferException e) {
            badNotices.increment();
            log.warn("ignoring unreadable policy notice ({} bytes); the next reconcile catches up",
                    message.getBody().length);
            return;
        }
        if (!PolicyReader.KIND.equals(notice.getKind())) {
            return;
        }
        if (notice.getNamespace().isEmpty() || notice.getName().isEmpty()) {
            badNotices.increment();
            return;
        }
        String configId = AuthConfigCompiler.configId(notice.getNamespace(), notice.getName());
        if (notice.getVersion() <= configs.heldVersion(configId)) {
            return;
        }
        try {
            // the hash, not the notice, is the truth: it may already hold a newer version than announced
            AuthConfigLoader.Outcome outcome = loader.apply(reader.read(notice.getNamespace(), notice.getName()));
            log.debug("notice for {} version {}: {}", configId, notice.getVersion(), outcome);
        } catch (RuntimeException e) {
            log.warn("could not load AuthConfig {} after its notice: {}; the next reconcile retries", configId,
                    e.toString());
        }
    }
}
