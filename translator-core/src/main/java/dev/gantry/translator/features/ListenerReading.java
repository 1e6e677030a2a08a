package dev.gantry.translator.features;

import dev.gantry.model.options.HttpListenerOptions;
import dev.gantry.model.options.ListenerOptions;
import dev.gantry.translator.model.ir.policy.AttachedPolicies;
import java.util.ArrayList;
import java.util.List;

/**
 * Stage one reading the listener policies of one Gateway listener: the merged options of the HttpListenerOptions
 * and ListenerOptions that apply to it (either may be {@code null}), what the features attach, and the fields that
 * cannot be applied. Mutable, one per reading; {@link ListenerPolicyReader} makes it.
 */
public final class ListenerReading {

    private final String namespace;
    private final HttpListenerOptions http;
    private final ListenerOptions socket;
    private final List<String> problems = new ArrayList<>();
    private AttachedPolicies attached = AttachedPolicies.NONE;

    ListenerReading(String namespace, HttpListenerOptions http, ListenerOptions socket) {
        this.namespace = namespace;
        this.http = http;
        this.socket = socket;
    }

    /** The policies' namespace: references without a namespace are to it. */
    public String namespace() {
        return namespace;
    }

    /** The HttpListenerOption options, or {@code null}. */
    public HttpListenerOptions http() {
        return http;
    }

    /** The ListenerOption options, or {@code null}. */
    public ListenerOptions socket() {
        return socket;
    }

    /** A field that cannot be applied, named from {@code options} ({@code gzip.windowBits: 99 is not within 9..15}). */
    public void invalid(String message) {
        problems.add(message);
    }

    /** Attaches the feature's record to the listener. */
    public void attach(Object policy) {
        attached = attached.with(policy);
    }

    List<String> problems() {
        return problems;
    }

    AttachedPolicies attached() {
        return attached;
    }
}
