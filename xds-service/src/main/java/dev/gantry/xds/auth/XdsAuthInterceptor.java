package dev.gantry.xds.auth;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.net.SocketAddress;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The door of the gRPC server: every call is authenticated before any service sees it (no identity: the call ends
 * UNAUTHENTICATED), an identity may hold only so many calls at once, and the identity rides in the call's
 * {@link Context} to {@link StreamAuthorizer}, which checks it against the Gateway the node asks for. A call ends
 * when the credential it was admitted with expires ({@link CredentialExpiry}).
 */
public class XdsAuthInterceptor implements ServerInterceptor {

    private final XdsAuthenticator authenticator;
    private final StreamsPerIdentity streams;
    private final AuthDenials denials;
    private final CredentialExpiry expiry;

    public XdsAuthInterceptor(XdsAuthenticator authenticator, StreamsPerIdentity streams, AuthDenials denials,
            CredentialExpiry expiry) {
        this.authenticator = authenticator;
        this.streams = streams;
        this.denials = denials;
        this.expiry = expiry;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                       ServerCallHandler<Q, R> next) {
        SocketAddress peer = call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
        XdsAuthenticator.Result result = authenticator.authenticate(
                call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION), headers);
        if (!result.authenticated()) {
            return refuse(call, denials.deny(AuthDenials.Reason.UNAUTHENTICATED, "unknown from " + peer,
                    result.failure()));
        }
        XdsIdentity identity = result.identity();
        if (expiry.expired(result.expiresAt())) {
            return refuse(call, denials.deny(AuthDenials.Reason.CREDENTIAL_EXPIRED, identity.name() + " from " + peer,
                    "credential expired at " + result.expiresAt()));
        }
        if (identity instanceof XdsIdentity.Anonymous) {
            // mode none (loopback only): nothing to count calls under
            return Contexts.interceptCall(Context.current().withValue(CallerIdentity.KEY, identity), call, headers,
                    next);
        }
        if (!streams.tryAcquire(identity.name())) {
            return refuse(call, denials.deny(AuthDenials.Reason.TOO_MANY_STREAMS, identity.name() + " from " + peer,
                    "too many open streams for this identity"));
        }
        Release release = new Release(identity.name());
        ServerCall<Q, R> counted = new SimpleForwardingServerCall<>(call) {
            @Override
            public void close(Status status, Metadata trailers) {
                release.run();
                super.close(status, trailers);
            }
        };
        ServerCall.Listener<Q> listener;
        Context context = Context.current().withValue(CallerIdentity.KEY, identity);
        try {
            listener = result.expiresAt() == null ? Contexts.interceptCall(context, counted, headers, next)
                    : expiry.guard(counted, identity.name() + " from " + peer, result.expiresAt(),
                            guarded -> Contexts.interceptCall(context, guarded, headers, next));
        } catch (RuntimeException e) {
            release.run();
            throw e;
        }
        return new SimpleForwardingServerCallListener<>(listener) {
            @Override
            public void onCancel() {
                release.run();
                super.onCancel();
            }

            @Override
            public void onComplete() {
                release.run();
                super.onComplete();
            }
        };
    }

    private static <Q, R> ServerCall.Listener<Q> refuse(ServerCall<Q, R> call, Status status) {
        call.close(status, new Metadata());
        return new ServerCall.Listener<>() {
        };
    }

    /** Gives the identity's slot back once, whichever way the call ends first. */
    private final class Release implements Runnable {
        private final String identity;
        private final AtomicBoolean done = new AtomicBoolean();

        Release(String identity) {
            this.identity = identity;
        }

        @Override
        public void run() {
            if (done.compareAndSet(false, true)) {
                streams.release(identity);
            }
        }
    }
}
