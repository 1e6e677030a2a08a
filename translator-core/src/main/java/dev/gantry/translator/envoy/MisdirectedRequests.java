package dev.gantry.translator.envoy;

import dev.gantry.translator.model.ir.Hostnames;
import dev.gantry.translator.model.ir.ListenerIr;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What an HTTPS listener's route table answers for hosts its own routes do not serve
 * (GatewayHTTPSListenerDetectMisdirectedRequests). A connection reaches a listener's filter chain by SNI; a
 * request on it whose Host belongs to another listener of the port (one more specific than this one), or
 * lies outside this listener's hostname, was misdirected: 421, so the client opens a connection with the
 * right SNI. A host this listener owns but no route serves stays a 404.
 */
final class MisdirectedRequests {

    static final int MISDIRECTED = 421;
    static final int NOT_FOUND = 404;

    private MisdirectedRequests() {
    }

    /**
     * The virtual host domains (and the status each answers) to add to {@code listener}'s table, before its
     * routed domains are taken out.
     *
     * @param onPort every programmable Gateway listener on the listener's port, itself included
     */
    static SortedMap<String, Integer> fallbacks(ListenerIr listener, List<ListenerIr> onPort) {
        SortedMap<String, Integer> fallbacks = new TreeMap<>();
        for (ListenerIr other : onPort) {
            if (other != listener && Hostnames.moreSpecific(other.hostname(), listener.hostname())) {
                fallbacks.put(other.hostname(), MISDIRECTED);
            }
        }
        if (listener.hostname() != null) {
            fallbacks.put(Hostnames.ANY, MISDIRECTED);
            fallbacks.put(listener.hostname(), NOT_FOUND);
        }
        return fallbacks;
    }
}
