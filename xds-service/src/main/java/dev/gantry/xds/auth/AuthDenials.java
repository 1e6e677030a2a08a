package dev.gantry.xds.auth;

import io.envoyproxy.controlplane.server.exception.RequestException;
import io.grpc.Status;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Every refusal goes through here: one log line and one count ({@code gantry.xds.auth.denied{reason}}). */
public class AuthDenials {

    private static final Logger log = LoggerFactory.getLogger(AuthDenials.class);

    /** Why a client was refused; the counter's {@code reason} tag. */
    public enum Reason {
        UNAUTHENTICATED("unauthenticated", Status.Code.UNAUTHENTICATED),
        GATEWAY_NOT_ENTITLED("gateway_not_entitled", Status.Code.PERMISSION_DENIED),
        GATEWAY_CHANGED("gateway_changed", Status.Code.PERMISSION_DENIED),
        NO_NODE("no_node", Status.Code.PERMISSION_DENIED),
        TOO_MANY_NAMES("too_many_names", Status.Code.RESOURCE_EXHAUSTED),
        TOO_MANY_STREAMS("too_many_streams", Status.Code.RESOURCE_EXHAUSTED),
        CREDENTIAL_EXPIRED("credential_expired", Status.Code.UNAUTHENTICATED);

        final String tag;
        final Status.Code code;

        Reason(String tag, Status.Code code) {
            this.tag = tag;
            this.code = code;
        }
    }

    private final MeterRegistry meters;

    public AuthDenials(MeterRegistry meters) {
        this.meters = meters;
    }

    /** Logs and counts, and returns the status the call ends with (the description never echoes secrets). */
    public Status deny(Reason reason, String who, String detail) {
        log.warn("xDS client refused ({}): identity {}: {}", reason.tag, who, detail);
        Counter.builder("gantry.xds.auth.denied").description("xDS calls refused by authentication or authorization")
                .tag("reason", reason.tag).register(meters).increment();
        return Status.fromCode(reason.code).withDescription(detail);
    }

    public RequestException denyRequest(Reason reason, String who, String detail) {
        return new RequestException(deny(reason, who, detail));
    }
}
