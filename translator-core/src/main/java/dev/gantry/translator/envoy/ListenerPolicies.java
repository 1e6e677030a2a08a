package dev.gantry.translator.envoy;

import dev.gantry.translator.model.ir.ListenerIr;
import dev.gantry.translator.model.ir.policy.AttachedPolicies;
import java.util.List;

/**
 * The policies of the listener a virtual host belongs to. A route table can serve several listeners of a port;
 * a domain belongs to the most specific one whose hostname takes it, as the Gateway API matches requests to
 * listeners: an exact hostname, then the longest wildcard, then a listener without hostname. Pure.
 */
final class ListenerPolicies {

    private ListenerPolicies() {
    }

    static AttachedPolicies of(String domain, List<ListenerIr> listeners) {
        ListenerIr best = null;
        int bestScore = -1;
        for (ListenerIr listener : listeners) {
            int score = score(listener.hostname(), domain);
            if (score > bestScore) {
                best = listener;
                bestScore = score;
            }
        }
        return best == null ? AttachedPolicies.NONE : best.policies();
    }

    /** How specifically {@code hostname} takes {@code domain}; -1 when it does not. */
    private static int score(String hostname, String domain) {
        if (hostname == null || hostname.isEmpty()) {
            return 0;
        }
        if (hostname.equals(domain)) {
            return Integer.MAX_VALUE;
        }
        if (hostname.startsWith("*.") && domain.endsWith(hostname.substring(1)) && domain.length() > hostname.length() - 1) {
            return hostname.length();
        }
        return -1;
    }
}
