package dev.gantry.translator.model.ir;

import java.util.regex.Pattern;

/**
 * IP address literals, checked without any name lookup ({@code InetAddress.getByName} would resolve a
 * hostname, which a pure stage one must not do).
 */
final class IpLiterals {

    private static final Pattern IPV4 = Pattern.compile(
            "((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
    private static final Pattern HEX_GROUP = Pattern.compile("[0-9a-fA-F]{1,4}");

    private IpLiterals() {
    }

    static boolean isIp(String value) {
        return value != null && (isIpv4(value) || isIpv6(value));
    }

    static boolean isIpv4(String value) {
        return IPV4.matcher(value).matches();
    }

    /** RFC 4291 text forms: eight groups, or fewer with one {@code ::}, optionally ending in dotted IPv4. No zone. */
    static boolean isIpv6(String value) {
        if (value.isEmpty() || value.indexOf(':') < 0) {
            return false;
        }
        int compressed = value.indexOf("::");
        if (compressed >= 0 && value.indexOf("::", compressed + 1) >= 0) {
            return false;
        }
        String head = compressed >= 0 ? value.substring(0, compressed) : value;
        String tail = compressed >= 0 ? value.substring(compressed + 2) : "";
        int groups = 0;
        for (String part : new String[] {head, tail}) {
            if (part.isEmpty()) {
                continue;
            }
            String[] pieces = part.split(":", -1);
            for (int i = 0; i < pieces.length; i++) {
                boolean last = i == pieces.length - 1 && (part == tail || compressed < 0);
                if (last && pieces[i].contains(".")) {
                    if (!isIpv4(pieces[i])) {
                        return false;
                    }
                    groups += 2;
                } else if (HEX_GROUP.matcher(pieces[i]).matches()) {
                    groups++;
                } else {
                    return false;
                }
            }
        }
        return compressed >= 0 ? groups <= 7 : groups == 8;
    }
}
