package dev.gantry.xds.server;

import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor.MethodType;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationListener;
import org.springframework.grpc.server.lifecycle.GrpcServerLifecycleEvent;
import org.springframework.grpc.server.lifecycle.GrpcServerShutdownEvent;
import org.springframework.grpc.server.lifecycle.GrpcServerStartedEvent;

/**
 * Ends the xDS streams when the server stops, so that it stops within its grace period and clients move to another
 * replica at once. An ADS stream never ends by itself: {@code Server.shutdown()} alone waits for every open stream,
 * and one open stream used to hold the whole process until Kubernetes killed it.
 *
 * <p>Spring gRPC publishes {@link GrpcServerShutdownEvent} (after readiness turned REFUSING_TRAFFIC) and then shuts the
 * server down. On that event the server is shut down first (HTTP/2 GOAWAY: a client opens its next stream on a new
 * connection, which the Service sends to another replica, instead of on this one), then every open stream is ended
 * with UNAVAILABLE, a status Envoy and grpc-xds answer by reconnecting. The server then has nothing left to wait for.
 */
public class StreamDrain implements ServerInterceptor, ApplicationListener<GrpcServerLifecycleEvent> {

    private static final Logger log = LoggerFactory.getLogger(StreamDrain.class);

    static final Status GOING_AWAY = Status.UNAVAILABLE
            .withDescription("xds-service is shutting down: reconnect (to another replica)");

    private final Set<DrainableCall<?, ?>> open = ConcurrentHashMap.newKeySet();
    private volatile boolean draining;

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                       ServerCallHandler<Q, R> next) {
        if (call.getMethodDescriptor().getType() != MethodType.BIDI_STREAMING) {
            return next.startCall(call, headers);
        }
        if (draining) {
            call.close(GOING_AWAY, new Metadata());
            return new ServerCall.Listener<>() {
            };
        }
        DrainableCall<Q, R> drainable = new DrainableCall<>(call);
        open.add(drainable);
        return new SimpleForwardingServerCallListener<>(next.startCall(drainable, headers)) {
            @Override
            public void onComplete() {
                open.remove(drainable);
                if (drainable.drained) {
                    // Closed by the drain, not by the handler: the handler must still learn that its stream is over
                    // (java-control-plane cancels its watches and runs the close callbacks on an error only).
                    super.onCancel();
                } else {
                    super.onComplete();
                }
            }

            @Override
            public void onCancel() {
                open.remove(drainable);
                super.onCancel();
            }
        };
    }

    /**
     * A server that stops is drained; one that starts again (a context whose lifecycle was stopped and started, as
     * Spring's test framework does to a cached context it pauses) accepts streams again.
     */
    @Override
    public void onApplicationEvent(GrpcServerLifecycleEvent event) {
        if (event instanceof GrpcServerShutdownEvent) {
            event.getServer().shutdown();
            drain();
        } else if (event instanceof GrpcServerStartedEvent) {
            draining = false;
        }
    }

    /** Ends every open stream with UNAVAILABLE, and any stream opened from now on. */
    public void drain() {
        draining = true;
        List<DrainableCall<?, ?>> streams = List.copyOf(open);
        if (!streams.isEmpty()) {
            log.info("Ending {} open xDS stream(s) with UNAVAILABLE so their clients reconnect elsewhere",
                    streams.size());
        }
        streams.forEach(DrainableCall::drain);
    }

    public int openStreams() {
        return open.size();
    }

    /**
     * A call that the drain may close from another thread than the handler's: a call is not thread-safe, so every
     * outbound step is serialized here, and whatever the handler sends after the drain closed it is dropped (it would
     * fail with "call already closed").
     */
    private static final class DrainableCall<Q, R> extends SimpleForwardingServerCall<Q, R> {

        private boolean closed;
        volatile boolean drained;

        DrainableCall(ServerCall<Q, R> delegate) {
            super(delegate);
        }

        synchronized void drain() {
            if (!closed) {
                closed = true;
                drained = true;
                super.close(GOING_AWAY, new Metadata());
            }
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
