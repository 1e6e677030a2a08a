package dev.gantry.xds.auth;

import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.Status;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Ends an open call when the credential it was authenticated with expires (the client certificate's notAfter, the
 * token's exp): a stream must not outlive the proof of who is at the other end. The client reconnects with its
 * renewed credential, which is checked afresh. The call is closed with UNAUTHENTICATED, and the service behind it
 * is told the call was cancelled, so its per-stream state goes as when a client hangs up.
 */
public class CredentialExpiry {

    private final ScheduledExecutorService scheduler;
    private final Clock clock;
    private final AuthDenials denials;

    public CredentialExpiry(ScheduledExecutorService scheduler, Clock clock, AuthDenials denials) {
        this.scheduler = scheduler;
        this.clock = clock;
        this.denials = denials;
    }

    /** Whether the credential is already past its expiry (the call must then be refused). */
    boolean expired(Instant expiresAt) {
        return expiresAt != null && !clock.instant().isBefore(expiresAt);
    }

    /**
     * The call, closed at {@code expiresAt}, and the listener to hand back to gRPC for it.
     *
     * @param start builds the service's listener on the call it is given
     */
    <Q, R> ServerCall.Listener<Q> guard(ServerCall<Q, R> call, String who, Instant expiresAt,
            java.util.function.Function<ServerCall<Q, R>, ServerCall.Listener<Q>> start) {
        ExpiringCall<Q, R> expiring = new ExpiringCall<>(call);
        ServerCall.Listener<Q> listener = start.apply(expiring);
        long delay = Math.max(0, Duration.between(clock.instant(), expiresAt).toMillis());
        ScheduledFuture<?> timer = scheduler.schedule(() -> expiring.expire(
                denials.deny(AuthDenials.Reason.CREDENTIAL_EXPIRED, who, "credential expired at " + expiresAt)),
                delay, TimeUnit.MILLISECONDS);
        return new SimpleForwardingServerCallListener<>(listener) {
            @Override
            public void onComplete() {
                timer.cancel(false);
                if (expiring.expired()) {
                    // closed by us, not by the client: for the service this stream was cancelled, not completed
                    super.onCancel();
                } else {
                    super.onComplete();
                }
            }

            @Override
            public void onCancel() {
                timer.cancel(false);
                super.onCancel();
            }
        };
    }

    /**
     * A call that can be closed from the timer's thread: every outbound method takes the same lock (gRPC's calls must
     * not be used concurrently), and once closed, further messages and closes from the service are dropped.
     */
    private static final class ExpiringCall<Q, R> extends SimpleForwardingServerCall<Q, R> {

        private boolean closed;
        private boolean expired;

        ExpiringCall(ServerCall<Q, R> delegate) {
            super(delegate);
        }

        synchronized void expire(Status status) {
            if (!closed) {
                closed = true;
                expired = true;
                super.close(status, new Metadata());
            }
        }

        synchronized boolean expired() {
            return expired;
        }

        @Override
        public synchronized void sendHeaders(Metadata headers) {
            if (!closed) {
                super.sendHeaders(headers);
            }
        }

        @Override
        public synchronized void sendMessage(R message) {
            if (!closed) {
                super.sendMessage(message);
            }
        }

        @Override
        public synchronized void request(int numMessages) {
            if (!closed) {
                super.request(numMessages);
            }
        }

        @Override
        public synchronized void close(Status status, Metadata trailers) {
            if (!closed) {
                closed = true;
                super.close(status, trailers);
            }
        }

        @Override
        public synchronized boolean isReady() {
            return !closed && super.isReady();
        }
    }
}
