package dev.gantry.translator.features;

import com.google.protobuf.Any;
import io.envoyproxy.envoy.config.core.v3.ProxyProtocolConfig;
import io.envoyproxy.envoy.config.core.v3.TransportSocket;
import io.envoyproxy.envoy.extensions.transport_sockets.proxy_protocol.v3.ProxyProtocolUpstreamTransport;
import io.envoyproxy.envoy.extensions.transport_sockets.raw_buffer.v3.RawBuffer;
import java.util.Optional;

/**
 * An Upstream's {@code proxyProtocolVersion}: the cluster's transport socket becomes Envoy's
 * {@code envoy.transport_sockets.upstream_proxy_protocol}, which writes a PROXY protocol header (V1 text or V2
 * binary) with the downstream client's address before anything else, around the socket it had (TLS, or plain
 * {@code raw_buffer}): the header comes before the TLS handshake, as a PROXY-aware server expects.
 */
final class UpstreamProxyProtocol {

    static final String NAME = "envoy.transport_sockets.upstream_proxy_protocol";
    static final String RAW_BUFFER = "envoy.transport_sockets.raw_buffer";

    private UpstreamProxyProtocol() {
    }

    /** {@code inner} wrapped when {@code version} is set ({@code V1} or {@code V2}, checked in stage one). */
    static Optional<TransportSocket> wrap(String version, Optional<TransportSocket> inner) {
        if (version == null) {
            return inner;
        }
        TransportSocket wrapped = inner.orElse(TransportSocket.newBuilder().setName(RAW_BUFFER)
                .setTypedConfig(Any.pack(RawBuffer.getDefaultInstance())).build());
        ProxyProtocolUpstreamTransport transport = ProxyProtocolUpstreamTransport.newBuilder()
                .setConfig(ProxyProtocolConfig.newBuilder().setVersion(ProxyProtocolConfig.Version.valueOf(version)))
                .setTransportSocket(wrapped)
                .build();
        return Optional.of(TransportSocket.newBuilder().setName(NAME).setTypedConfig(Any.pack(transport)).build());
    }
}
