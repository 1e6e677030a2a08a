package dev.gantry.translator.features;

import com.google.protobuf.ByteString;
import com.google.protobuf.UInt32Value;
import dev.gantry.model.options.ListenerOptions;
import dev.gantry.model.options.ListenerOptions.SocketOption;
import dev.gantry.translator.model.ir.ListenerIr;
import dev.gantry.translator.model.ir.policy.ListenerSocketIr;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/**
 * A ListenerOption's socket settings on Envoy's socket listener: {@code perConnectionBufferLimitBytes} →
 * {@code per_connection_buffer_limit_bytes}, {@code socketOptions} → {@code socket_options}, kgateway's
 * {@code tcpKeepalive} → the Linux keepalive socket options ({@code SO_KEEPALIVE}, {@code TCP_KEEPCNT},
 * {@code TCP_KEEPIDLE}, {@code TCP_KEEPINTVL}, which accepted connections inherit), and
 * {@code connectionBalanceConfig.exactBalance} → {@code connection_balance_config.exact_balance}. {@code tcpStats}
 * (a transport socket wrapper) is not applied and makes the policy invalid, so its status says so.
 *
 * <p>Gateway listeners sharing a port share Envoy's listener: the first of them (in the Gateway's order) that has a
 * ListenerOption gives its settings ({@link ListenerPolicies}).
 */
final class ListenerSocketFeature implements Feature {

    private static final long SOL_SOCKET = 1;
    private static final long SO_KEEPALIVE = 9;
    private static final long IPPROTO_TCP = 6;
    private static final long TCP_KEEPIDLE = 4;
    private static final long TCP_KEEPINTVL = 5;
    private static final long TCP_KEEPCNT = 6;
    private static final Set<String> STATES = Set.of("STATE_PREBIND", "STATE_BOUND", "STATE_LISTENING");

    @Override
    public String name() {
        return "ListenerOption";
    }

    @Override
    public void readListener(ListenerReading reading) {
        ListenerOptions options = reading.socket();
        if (options == null) {
            return;
        }
        if (options.tcpStats() != null) {
            reading.invalid("tcpStats: not supported by Gantry yet");
            return;
        }
        if (options.perConnectionBufferLimitBytes() != null && options.perConnectionBufferLimitBytes() < 0) {
            reading.invalid("perConnectionBufferLimitBytes: " + options.perConnectionBufferLimitBytes() + " is negative");
            return;
        }
        List<SocketOption> socketOptions = new ArrayList<>();
        if (options.socketOptions() != null) {
            for (int at = 0; at < options.socketOptions().size(); at++) {
                SocketOption option = options.socketOptions().get(at);
                String problem = option == null ? "empty" : problem(option);
                if (problem != null) {
                    reading.invalid("socketOptions[" + at + "]: " + problem);
                    return;
                }
                socketOptions.add(option);
            }
        }
        if (options.tcpKeepalive() != null) {
            ListenerOptions.TcpKeepalive keepalive = options.tcpKeepalive();
            socketOptions.add(new SocketOption("TCP keepalive", SOL_SOCKET, SO_KEEPALIVE, 1L, null, null));
            try {
                if (keepalive.keepaliveProbes() != null) {
                    if (keepalive.keepaliveProbes() < 1) {
                        reading.invalid("tcpKeepalive.keepaliveProbes: " + keepalive.keepaliveProbes() + " is not at least 1");
                        return;
                    }
                    socketOptions.add(new SocketOption("TCP keepalive probes", IPPROTO_TCP, TCP_KEEPCNT,
                            (long) keepalive.keepaliveProbes(), null, null));
                }
                if (keepalive.keepaliveTime() != null) {
                    socketOptions.add(new SocketOption("TCP keepalive idle time", IPPROTO_TCP, TCP_KEEPIDLE,
                            seconds("tcpKeepalive.keepaliveTime", keepalive.keepaliveTime()), null, null));
                }
                if (keepalive.keepaliveInterval() != null) {
                    socketOptions.add(new SocketOption("TCP keepalive interval", IPPROTO_TCP, TCP_KEEPINTVL,
                            seconds("tcpKeepalive.keepaliveInterval", keepalive.keepaliveInterval()), null, null));
                }
            } catch (IllegalArgumentException e) {
                reading.invalid(e.getMessage());
                return;
            }
        }
        boolean exactBalance = options.connectionBalanceConfig() != null
                && options.connectionBalanceConfig().exactBalance() != null;
        if (options.perConnectionBufferLimitBytes() != null || !socketOptions.isEmpty() || exactBalance) {
            reading.attach(new ListenerSocketIr(options.perConnectionBufferLimitBytes(), socketOptions, exactBalance));
        }
    }

    private static String problem(SocketOption option) {
        if (option.level() == null || option.name() == null) {
            return "level and name are required";
        }
        if ((option.intValue() == null) == (option.bufValue() == null)) {
            return "exactly one of intValue and bufValue must be set";
        }
        if (option.bufValue() != null) {
            try {
                Base64.getDecoder().decode(option.bufValue());
            } catch (IllegalArgumentException e) {
                return "bufValue: not base64";
            }
        }
        if (option.state() != null && !STATES.contains(option.state())) {
            return "state: '" + option.state() + "' is not one of " + STATES.stream().sorted().toList();
        }
        return null;
    }

    /** Keepalive times are whole seconds, at least one. */
    private static long seconds(String field, String value) {
        Duration duration = OptionDurations.parse(field, value);
        if (duration.getSeconds() < 1 || duration.getNano() != 0) {
            throw new IllegalArgumentException(field + ": '" + value + "' is not a whole number of seconds, at least 1s");
        }
        return duration.getSeconds();
    }

    @Override
    public void applyToListener(int port, List<ListenerIr> listeners, Listener.Builder listener) {
        ListenerPolicies.first(listeners, ListenerSocketIr.class).ifPresent(socket -> {
            if (socket.perConnectionBufferLimitBytes() != null) {
                listener.setPerConnectionBufferLimitBytes(UInt32Value.of(socket.perConnectionBufferLimitBytes()));
            }
            for (SocketOption option : socket.socketOptions()) {
                io.envoyproxy.envoy.config.core.v3.SocketOption.Builder built = io.envoyproxy.envoy.config.core.v3.SocketOption
                        .newBuilder().setLevel(option.level()).setName(option.name())
                        .setState(option.state() == null ? io.envoyproxy.envoy.config.core.v3.SocketOption.SocketState.STATE_PREBIND
                                : io.envoyproxy.envoy.config.core.v3.SocketOption.SocketState.valueOf(option.state()));
                if (option.description() != null) {
                    built.setDescription(option.description());
                }
                if (option.intValue() != null) {
                    built.setIntValue(option.intValue());
                } else {
                    built.setBufValue(ByteString.copyFrom(Base64.getDecoder().decode(option.bufValue())));
                }
                listener.addSocketOptions(built);
            }
            if (socket.exactBalance()) {
                listener.setConnectionBalanceConfig(Listener.ConnectionBalanceConfig.newBuilder()
                        .setExactBalance(Listener.ConnectionBalanceConfig.ExactBalance.getDefaultInstance()));
            }
        });
    }
}
