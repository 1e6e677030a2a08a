package dev.gantry.translator.model.ir;

import java.util.Optional;

/** Gateway API hostname rules: exact names, and wildcards ({@code *.example.com}) of one or more labels. */
public final class Hostnames {

    public static final String ANY = "*";

    private Hostnames() {
    }

    public static boolean isWildcard(String hostname) {
        return hostname.startsWith("*");
    }

    /**
     * The hostnames both a listener and a route accept, as the one most specific name, or empty when
     * they have none in common. A {@code null} listener hostname accepts everything.
     */
    public static Optional<String> intersect(String listenerHostname, String routeHostname) {
        if (listenerHostname == null || listenerHostname.equals(routeHostname)) {
            return Optional.of(routeHostname);
        }
        boolean listenerWildcard = isWildcard(listenerHostname);
        boolean routeWildcard = isWildcard(routeHostname);
        if (listenerWildcard && !routeWildcard) {
            return covers(listenerHostname, routeHostname) ? Optional.of(routeHostname) : Optional.empty();
        }
        if (!listenerWildcard && routeWildcard) {
            return covers(routeHostname, listenerHostname) ? Optional.of(listenerHostname) : Optional.empty();
        }
        if (listenerWildcard) {
            // Both wildcards: the narrower one is what both accept.
            if (suffixOf(routeHostname).endsWith(suffixOf(listenerHostname))) {
                return Optional.of(routeHostname);
            }
            if (suffixOf(listenerHostname).endsWith(suffixOf(routeHostname))) {
                return Optional.of(listenerHostname);
            }
        }
        return Optional.empty();
    }

    /**
     * Whether every request for {@code domain} (an exact name or a wildcard) would match a listener with
     * {@code listenerHostname}; a {@code null} listener hostname matches everything.
     */
    public static boolean contains(String listenerHostname, String domain) {
        if (listenerHostname == null || listenerHostname.equals(domain)) {
            return true;
        }
        if (!isWildcard(listenerHostname)) {
            return false;
        }
        return isWildcard(domain)
                ? suffixOf(domain).endsWith(suffixOf(listenerHostname))
                : covers(listenerHostname, domain);
    }

    /** Whether a listener with {@code candidate} as hostname is more specific than one with {@code than}. */
    public static boolean moreSpecific(String candidate, String than) {
        return candidate != null && !candidate.equals(than) && contains(than, candidate);
    }

    /** Whether a wildcard such as {@code *.example.com} matches an exact name (at least one label before the suffix). */
    private static boolean covers(String wildcard, String hostname) {
        String suffix = suffixOf(wildcard);
        return hostname.length() > suffix.length() && hostname.endsWith(suffix);
    }

    /** {@code *.example.com} → {@code .example.com}. */
    private static String suffixOf(String wildcard) {
        return wildcard.substring(1);
    }
}
