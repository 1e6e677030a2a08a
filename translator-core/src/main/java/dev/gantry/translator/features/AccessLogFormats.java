package dev.gantry.translator.features;

import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks an Envoy access log format string before Envoy sees it: Envoy refuses a whole listener whose format
 * names an unknown command operator ({@code %FOO%}), so an unknown one is the policy's problem, reported in its
 * status, instead of a NACK. Operators are {@code %NAME%}, {@code %NAME(args)%} or {@code %NAME(args):length%};
 * {@code %%} is a literal percent sign.
 */
final class AccessLogFormats {

    private static final Pattern OPERATOR = Pattern.compile("%([A-Z][A-Z0-9_]*)(\\([^)%]*\\))?(:[0-9]+)?%");
    /** Envoy's built-in command operators (substitution formatter and stream info formatters). */
    private static final Set<String> KNOWN = Set.of(
            "START_TIME", "START_TIME_LOCAL", "EMIT_TIME", "EMIT_TIME_LOCAL", "REQUEST_HEADERS_BYTES",
            "BYTES_RECEIVED", "BYTES_SENT", "BYTES_RETRANSMITTED", "PACKETS_RETRANSMITTED",
            "UPSTREAM_WIRE_BYTES_SENT", "UPSTREAM_WIRE_BYTES_RECEIVED", "UPSTREAM_HEADER_BYTES_SENT",
            "UPSTREAM_HEADER_BYTES_RECEIVED", "DOWNSTREAM_WIRE_BYTES_SENT", "DOWNSTREAM_WIRE_BYTES_RECEIVED",
            "DOWNSTREAM_HEADER_BYTES_SENT", "DOWNSTREAM_HEADER_BYTES_RECEIVED", "PROTOCOL", "UPSTREAM_PROTOCOL",
            "RESPONSE_CODE", "RESPONSE_CODE_DETAILS", "CONNECTION_TERMINATION_DETAILS", "RESPONSE_HEADERS_BYTES",
            "RESPONSE_TRAILERS_BYTES", "DURATION", "COMMON_DURATION", "REQUEST_DURATION", "REQUEST_TX_DURATION",
            "RESPONSE_DURATION", "RESPONSE_TX_DURATION", "DOWNSTREAM_HANDSHAKE_DURATION", "ROUNDTRIP_DURATION",
            "RESPONSE_FLAGS", "RESPONSE_FLAGS_LONG", "UPSTREAM_HOST", "UPSTREAM_HOST_NAME",
            "UPSTREAM_HOST_NAME_WITHOUT_PORT", "UPSTREAM_CLUSTER", "UPSTREAM_CLUSTER_RAW", "UPSTREAM_LOCAL_ADDRESS",
            "UPSTREAM_LOCAL_ADDRESS_WITHOUT_PORT", "UPSTREAM_LOCAL_PORT", "UPSTREAM_REMOTE_ADDRESS",
            "UPSTREAM_REMOTE_ADDRESS_WITHOUT_PORT", "UPSTREAM_REMOTE_PORT", "UPSTREAM_REQUEST_ATTEMPT_COUNT",
            "UPSTREAM_TLS_CIPHER", "UPSTREAM_TLS_VERSION", "UPSTREAM_TLS_SESSION_ID", "UPSTREAM_PEER_ISSUER",
            "UPSTREAM_PEER_CERT", "UPSTREAM_PEER_SUBJECT", "UPSTREAM_PEER_URI_SAN", "UPSTREAM_PEER_DNS_SAN",
            "UPSTREAM_PEER_IP_SAN", "UPSTREAM_LOCAL_URI_SAN", "UPSTREAM_LOCAL_DNS_SAN", "UPSTREAM_LOCAL_IP_SAN",
            "UPSTREAM_LOCAL_SUBJECT", "UPSTREAM_PEER_CERT_V_START", "UPSTREAM_PEER_CERT_V_END",
            "UPSTREAM_TRANSPORT_FAILURE_REASON", "UPSTREAM_CONNECTION_ID", "UPSTREAM_CONNECTION_POOL_READY_DURATION",
            "DOWNSTREAM_REMOTE_ADDRESS", "DOWNSTREAM_REMOTE_ADDRESS_WITHOUT_PORT", "DOWNSTREAM_REMOTE_PORT",
            "DOWNSTREAM_DIRECT_REMOTE_ADDRESS", "DOWNSTREAM_DIRECT_REMOTE_ADDRESS_WITHOUT_PORT",
            "DOWNSTREAM_DIRECT_REMOTE_PORT", "DOWNSTREAM_LOCAL_ADDRESS", "DOWNSTREAM_LOCAL_ADDRESS_WITHOUT_PORT",
            "DOWNSTREAM_LOCAL_PORT", "DOWNSTREAM_DIRECT_LOCAL_ADDRESS", "DOWNSTREAM_DIRECT_LOCAL_ADDRESS_WITHOUT_PORT",
            "DOWNSTREAM_DIRECT_LOCAL_PORT", "DOWNSTREAM_TRANSPORT_FAILURE_REASON", "CONNECTION_ID",
            "REQUESTED_SERVER_NAME", "ROUTE_NAME", "VIRTUAL_CLUSTER_NAME", "DOWNSTREAM_PEER_URI_SAN",
            "DOWNSTREAM_PEER_DNS_SAN", "DOWNSTREAM_PEER_IP_SAN", "DOWNSTREAM_PEER_EMAIL_SAN",
            "DOWNSTREAM_PEER_OTHERNAME_SAN", "DOWNSTREAM_LOCAL_URI_SAN", "DOWNSTREAM_LOCAL_DNS_SAN",
            "DOWNSTREAM_LOCAL_IP_SAN", "DOWNSTREAM_LOCAL_EMAIL_SAN", "DOWNSTREAM_LOCAL_OTHERNAME_SAN",
            "DOWNSTREAM_PEER_SUBJECT", "DOWNSTREAM_LOCAL_SUBJECT", "DOWNSTREAM_TLS_SESSION_ID",
            "DOWNSTREAM_TLS_CIPHER", "DOWNSTREAM_TLS_VERSION", "DOWNSTREAM_PEER_FINGERPRINT_256",
            "DOWNSTREAM_PEER_FINGERPRINT_1", "DOWNSTREAM_PEER_SERIAL", "DOWNSTREAM_PEER_CHAIN_FINGERPRINTS_256",
            "DOWNSTREAM_PEER_CHAIN_FINGERPRINTS_1", "DOWNSTREAM_PEER_CHAIN_SERIALS", "DOWNSTREAM_PEER_ISSUER",
            "DOWNSTREAM_PEER_CERT", "DOWNSTREAM_PEER_CERT_V_START", "DOWNSTREAM_PEER_CERT_V_END", "TLS_JA3_FINGERPRINT",
            "HOSTNAME", "LOCAL_REPLY_BODY", "FILTER_CHAIN_NAME", "ACCESS_LOG_TYPE", "UNIQUE_ID", "STREAM_ID",
            "TRACE_ID", "REQ", "RESP", "TRAILER", "DYNAMIC_METADATA", "CLUSTER_METADATA", "UPSTREAM_METADATA",
            "FILTER_STATE", "UPSTREAM_FILTER_STATE", "ENVIRONMENT", "GRPC_STATUS", "GRPC_STATUS_NUMBER",
            "REQUEST_ID", "X-ENVOY-UPSTREAM-SERVICE-TIME", "UPSTREAM_DETECTED_HTTP_PROTOCOL");

    private AccessLogFormats() {
    }

    /** Why Envoy would refuse {@code format}, or {@code null} when it would not. */
    static String problem(String format) {
        String rest = format.replace("%%", "");
        Matcher matcher = OPERATOR.matcher(rest);
        StringBuilder outside = new StringBuilder();
        int end = 0;
        while (matcher.find()) {
            if (!KNOWN.contains(matcher.group(1))) {
                return "unknown command operator %" + matcher.group(1) + "%";
            }
            outside.append(rest, end, matcher.start());
            end = matcher.end();
        }
        outside.append(rest.substring(end));
        return outside.indexOf("%") >= 0 ? "a '%' that starts no command operator (write %% for a percent sign)" : null;
    }
}
