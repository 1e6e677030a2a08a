package dev.gantry.translator.model.ir.policy;

import dev.gantry.model.options.ListenerOptions.SocketOption;
import java.util.List;

/**
 * A listener's ListenerOption socket settings, checked.
 *
 * @param perConnectionBufferLimitBytes the per-connection buffer limit, or {@code null} for Envoy's default
 * @param socketOptions the socket options, those {@code tcpKeepalive} asks for included
 * @param exactBalance whether connections are balanced exactly across worker threads
 */
public record ListenerSocketIr(Integer perConnectionBufferLimitBytes, List<SocketOption> socketOptions,
        boolean exactBalance) {

    public ListenerSocketIr {
        socketOptions = List.copyOf(socketOptions);
    }
}
