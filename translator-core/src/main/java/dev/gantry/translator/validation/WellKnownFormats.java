package dev.gantry.translator.validation;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** PGV's well-known string formats, checked without any name lookup. */
final class WellKnownFormats {

    private static final Pattern IPV6_CHARACTERS = Pattern.compile("[0-9a-fA-F:.]+");
    private static final Pattern UUID = Pattern.compile(
            "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");
    private static final Pattern EMAIL_LOCAL = Pattern.compile("^[^\\s@<>]+$");

    private WellKnownFormats() {
    }

    /** RFC 1034: at most 253 characters, labels of 1 to 63 letters, digits and inner hyphens; one trailing dot allowed. */
    static boolean isHostname(String host) {
        String name = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        if (name.isEmpty() || name.length() > 253) {
            return false;
        }
        for (String label : name.split("\\.", -1)) {
            if (label.isEmpty() || label.length() > 63 || label.startsWith("-") || label.endsWith("-")) {
                return false;
            }
            for (int i = 0; i < label.length(); i++) {
                char c = label.charAt(i);
                if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-')) {
                    return false;
                }
            }
        }
        return true;
    }

    static boolean isIp(String text) {
        return isIpv4(text) || isIpv6(text);
    }

    /** Dotted decimal, four parts, no leading zeros (as inet_pton reads it). */
    static boolean isIpv4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || (part.length() > 1 && part.charAt(0) == '0')) {
                return false;
            }
            for (int i = 0; i < part.length(); i++) {
                if (part.charAt(i) < '0' || part.charAt(i) > '9') {
                    return false;
                }
            }
            if (Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return true;
    }

    static boolean isIpv6(String text) {
        // With a colon and only these characters, InetAddress parses a literal and never resolves a name.
        if (text.indexOf(':') < 0 || !IPV6_CHARACTERS.matcher(text).matches()) {
            return false;
        }
        try {
            return InetAddress.getByName(text) instanceof Inet6Address;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    static boolean isEmail(String text) {
        String address = text;
        int open = text.indexOf('<');
        if (open >= 0 && text.endsWith(">")) {
            address = text.substring(open + 1, text.length() - 1);
        }
        int at = address.lastIndexOf('@');
        if (at <= 0 || address.length() > 254) {
            return false;
        }
        String local = address.substring(0, at);
        return local.length() <= 64 && EMAIL_LOCAL.matcher(local).matches() && isHostname(address.substring(at + 1));
    }

    static boolean isUri(String text) {
        try {
            return new URI(text).isAbsolute();
        } catch (URISyntaxException e) {
            return false;
        }
    }

    static boolean isUriReference(String text) {
        try {
            new URI(text);
            return true;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    static boolean isUuid(String text) {
        return UUID.matcher(text).matches();
    }
}
