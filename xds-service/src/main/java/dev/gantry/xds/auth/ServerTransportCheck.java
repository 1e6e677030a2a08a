package dev.gantry.xds.auth;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Whether the gRPC server's transport fits the auth mode, judged before it starts (pure): a mode that reads client
 * certificates needs TLS asking for them, tokens never travel in the clear, and {@code none} is for loopback only.
 *
 * @param host       {@code spring.grpc.server.address} (host part) or {@code spring.grpc.server.host}
 * @param sslBundle  {@code spring.grpc.server.ssl.bundle}, empty when unset
 * @param sslEnabled {@code spring.grpc.server.ssl.enabled}, null when unset (on with a bundle)
 * @param clientAuth {@code spring.grpc.server.ssl.client-auth}: none, optional or require
 */
public record ServerTransportCheck(String host, String sslBundle, Boolean sslEnabled, String clientAuth) {

    public boolean tls() {
        return sslBundle != null && !sslBundle.isBlank() && !Boolean.FALSE.equals(sslEnabled);
    }

    private String clientAuthMode() {
        return clientAuth == null ? "none" : clientAuth.trim().toLowerCase(Locale.ROOT);
    }

    public List<String> problems(AuthMode mode) {
        List<String> problems = new ArrayList<>();
        switch (mode) {
            case NONE -> {
                if (!loopback(host)) {
                    problems.add("gantry.xds.auth.mode=none serves every Gateway's secrets to anyone who connects, so it"
                            + " is allowed only on a loopback address; spring.grpc.server.host is '" + host + "'");
                }
            }
            case MTLS -> {
                requireTls(problems, mode);
                if (tls() && !"require".equals(clientAuthMode())) {
                    problems.add("gantry.xds.auth.mode=mtls needs spring.grpc.server.ssl.client-auth=require");
                }
            }
            case MTLS_OR_TOKEN -> {
                requireTls(problems, mode);
                if (tls() && "none".equals(clientAuthMode())) {
                    problems.add("gantry.xds.auth.mode=mtls-or-token needs spring.grpc.server.ssl.client-auth=optional"
                            + " (or require), or client certificates are never asked for");
                }
            }
            case TOKEN -> requireTls(problems, mode);
        }
        return problems;
    }

    private void requireTls(List<String> problems, AuthMode mode) {
        if (!tls()) {
            problems.add("gantry.xds.auth.mode=" + mode.name().toLowerCase(Locale.ROOT).replace('_', '-')
                    + " needs TLS: set spring.grpc.server.ssl.bundle to an SSL bundle (spring.ssl.bundle.pem.<name>)"
                    + " with the server certificate and, for client certificates, the CA that issues them");
        }
    }

    static boolean loopback(String host) {
        if (host == null || host.isBlank() || host.equals("*")) {
            return false;
        }
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (h.equalsIgnoreCase("localhost")) {
            return true;
        }
        // literal addresses only: resolving a name at start-up must not decide what is exposed
        if (!h.matches("[0-9.]+") && !h.contains(":")) {
            return false;
        }
        try {
            return InetAddress.getByName(h).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
